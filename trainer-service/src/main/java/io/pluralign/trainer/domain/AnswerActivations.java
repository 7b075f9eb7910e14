package io.pluralign.trainer.domain;

import io.pluralign.servicekit.peer.PeerCallException;
import io.pluralign.servicekit.peer.SteeringActivations;
import io.pluralign.trainer.store.LearningStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Answers' pooled activations on the served model: read from the store, and what is missing from steering-service (then
 * stored), so each answer costs one forward pass per model. Every answer is read at the same layers: the steering
 * layers (the middle third of the model, where prototype vectors are added) and the last layer (the embedding the
 * reward model scores).
 */
@Component
public class AnswerActivations {

    /**
     * Which layers are read for the served model.
     *
     * @param layers the layers read, ascending
     * @param steeringLayers the layers prototype vectors are measured at
     * @param embeddingLayer the layer whose activation is the reward model's embedding
     */
    public record Layout(String modelKey, int[] layers, int[] steeringLayers, int embeddingLayer) {
        /** Index in {@link #layers} of a layer. */
        public int indexOf(int layer) {
            for (int i = 0; i < layers.length; i++) {
                if (layers[i] == layer) {
                    return i;
                }
            }
            throw new IllegalArgumentException("layer " + layer + " is not read");
        }
    }

    private final SteeringActivations steering;
    private final LearningStore store;
    private volatile Layout layout;

    public AnswerActivations(SteeringActivations steering, LearningStore store) {
        this.steering = steering;
        this.store = store;
    }

    /** The layout for the model steering-service serves (asked once, and again after the model changed). */
    public Layout layout(String tenant) {
        Layout held = layout;
        if (held == null) {
            SteeringActivations.ModelShape shape = steering.shape(tenant);
            held = layoutFor(shape.modelKey(), shape.numLayers());
            layout = held;
        }
        return held;
    }

    /** The middle third of the layers (at least one) for steering, and the last one for the embedding. */
    static Layout layoutFor(String modelKey, int numLayers) {
        int count = Math.max(1, (numLayers + 2) / 3);
        int first = Math.max(0, (numLayers - count) / 2);
        int[] steeringLayers = new int[count];
        TreeSet<Integer> all = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            steeringLayers[i] = first + i;
            all.add(first + i);
        }
        all.add(numLayers - 1);
        return new Layout(modelKey, all.stream().mapToInt(Integer::intValue).toArray(), steeringLayers, numLayers - 1);
    }

    /**
     * Activations of these answers, [layers of the layout][hidden] by answer key.
     *
     * @throws PeerCallException when steering-service is away or refuses an answer; when it now serves another model
     *     (the layout is then asked again next time)
     */
    public Map<String, float[][]> of(String tenant, Layout at, Collection<Answer> answers) {
        Map<String, Answer> byKey = new LinkedHashMap<>();
        answers.forEach(a -> byKey.putIfAbsent(a.key(), a));
        Map<String, float[][]> found = store.activations(at.modelKey(), byKey.keySet(), at.layers());
        List<Answer> missing = new ArrayList<>();
        byKey.forEach((key, answer) -> {
            if (!found.containsKey(key)) {
                missing.add(answer);
            }
        });
        if (!missing.isEmpty()) {
            List<SteeringActivations.Item> items = missing.stream()
                    .map(a -> new SteeringActivations.Item(a.system(), a.prompt(), a.response()))
                    .toList();
            SteeringActivations.Measured measured = steering.measure(tenant, items, at.layers());
            if (!at.modelKey().equals(measured.modelKey())) {
                layout = null;
                throw new PeerCallException(
                        0, "steering-service now serves " + measured.modelKey() + ", not " + at.modelKey(), null);
            }
            Map<String, float[][]> fetched = new LinkedHashMap<>();
            for (int i = 0; i < missing.size(); i++) {
                fetched.put(missing.get(i).key(), measured.activations().get(i));
            }
            store.saveActivations(at.modelKey(), at.layers(), fetched);
            found.putAll(fetched);
        }
        return found;
    }
}
