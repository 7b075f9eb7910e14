package io.pluralign.trainer.domain;

import io.pluralign.alignment.pal.Comparison;
import io.pluralign.alignment.pal.PalModel;
import io.pluralign.alignment.pal.PalTrainer;
import io.pluralign.alignment.pal.PrototypeDirections;
import io.pluralign.alignment.pal.Standardizer;
import io.pluralign.contracts.events.Float32;
import io.pluralign.contracts.events.RewardModelUpdated;
import io.pluralign.contracts.events.SteeringUpdated;
import io.pluralign.trainer.config.LearningProperties;
import io.pluralign.trainer.events.LearnedEvents;
import io.pluralign.trainer.store.LearningStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The background refit of a tenant's reward model: the shared projection and prototypes, and every user's theta, on
 * all their recent comparisons; then each prototype's steering vector. The new version, every user's weights and the
 * events that announce them ({@code reward-model.updated}, {@code steering.updated}, {@code profile.learned}) commit
 * in one transaction. A refit starts from the previous version, so prototype k keeps its meaning across versions.
 */
@Component
public class Refit {
    private static final Logger log = LoggerFactory.getLogger(Refit.class);

    /** What a refit produced. */
    public record Outcome(long version, int comparisons, int users, double trainingAccuracy) {}

    private final LearningStore store;
    private final AnswerActivations activations;
    private final LearnedEvents events;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final LearningProperties properties;
    private final LearningMetrics metrics;

    public Refit(
            LearningStore store,
            AnswerActivations activations,
            LearnedEvents events,
            TransactionTemplate tx,
            JsonMapper json,
            LearningProperties properties,
            LearningMetrics metrics) {
        this.store = store;
        this.activations = activations;
        this.events = events;
        this.tx = tx;
        this.json = json;
        this.properties = properties;
        this.metrics = metrics;
    }

    /**
     * Tenants due a refit: no model yet but enough feedback from enough users; enough new feedback since the last one;
     * or a last one fitted on another model than steering-service serves now.
     */
    public List<String> due() {
        List<String> out = new ArrayList<>();
        store.resolvedFeedbackByTenant().forEach((tenant, feedback) -> {
            Optional<LearningStore.ModelRow> last = store.latestModel(tenant);
            if (last.isEmpty()) {
                if (feedback.events() >= properties.minFeedback() && feedback.users() >= properties.minUsers()) {
                    out.add(tenant);
                }
                return;
            }
            int grown = feedback.events() - last.get().feedbackCount();
            boolean enough = grown
                    >= Math.max(
                            properties.minFeedback(),
                            properties.refitGrowth() * last.get().feedbackCount());
            if (enough
                    || !last.get().modelKey().equals(activations.layout(tenant).modelKey())) {
                out.add(tenant);
            }
        });
        return out;
    }

    public Outcome refit(String tenant) {
        AnswerActivations.Layout layout = activations.layout(tenant);
        List<LearningStore.FeedbackRow> rows = store.feedbackOf(tenant, properties.refitHistory());
        int feedbackCount = store.resolvedFeedbackByTenant()
                .getOrDefault(tenant, new LearningStore.TenantFeedback(rows.size(), 0))
                .events();
        List<ComparisonBuilder.AnswerPair> pairs = Comparisons.pairs(rows, store, json);
        if (pairs.isEmpty()) {
            throw new IllegalStateException("tenant " + tenant + " has feedback but no comparisons");
        }
        Map<String, float[][]> acts = activations.of(tenant, layout, Comparisons.answers(pairs));
        int embedding = layout.indexOf(layout.embeddingLayer());
        List<float[]> embeddings = acts.values().stream().map(a -> a[embedding]).toList();
        Standardizer input = Standardizer.fit(embeddings);
        List<Comparison> comparisons = Comparisons.of(pairs, key -> input.apply(acts.get(key)[embedding]));

        int k = properties.prototypesOf(tenant);
        int e = embeddings.get(0).length;
        Optional<CurrentModel> previous = CurrentModel.load(store, json, tenant);
        long version = previous.map(p -> p.version() + 1).orElse(1L);
        PalModel pal;
        Map<String, double[]> thetas = new HashMap<>();
        Set<String> previouslyLearned = new HashSet<>();
        if (previous.isPresent()
                && previous.get().modelKey().equals(layout.modelKey())
                && previous.get().model().pal().prototypeCount() == k
                && previous.get().model().pal().embeddingSize() == e
                && previous.get().model().pal().spaceSize() == properties.space()) {
            pal = previous.get().model().pal().copy();
            thetas.putAll(store.thetas(tenant, previous.get().version()));
            previouslyLearned.addAll(thetas.keySet());
        } else {
            pal = PalModel.random(e, properties.space(), k, version);
        }
        PalTrainer.fitShared(pal, comparisons, thetas, PalTrainer.Options.defaults());
        double accuracy = accuracy(pal, thetas, comparisons);

        Map<String, Integer> counts = new HashMap<>();
        pairs.forEach(p -> counts.merge(p.userId(), 1, Integer::sum));
        RewardModelUpdated model = new RewardModelUpdated(
                tenant,
                version,
                layout.modelKey(),
                layout.embeddingLayer(),
                k,
                properties.space(),
                Float32.encode(input.centre()),
                input.scale(),
                Float32.encodeMatrix(pal.projection()),
                Float32.encodeMatrix(pal.prototypes()),
                comparisons.size(),
                counts.size(),
                accuracy,
                Instant.now());
        SteeringUpdated steering = new SteeringUpdated(
                tenant, layout.modelKey(), version, prototypeVectors(layout, pairs, acts, thetas, k));
        List<String> eventIds =
                rows.stream().map(LearningStore.FeedbackRow::eventId).toList();
        Map<String, List<String>> takenIn = tx.execute(status -> {
            store.lockTenant(tenant);
            // users erased since this refit read them (by whichever instance) get no theta and no update
            thetas.keySet().removeAll(store.erasedSince(tenant, eventIds, previouslyLearned));
            store.saveModel(
                    tenant,
                    new LearningStore.ModelRow(
                            version,
                            layout.modelKey(),
                            layout.steeringLayers(),
                            feedbackCount,
                            json.writeValueAsString(model)));
            store.saveThetas(tenant, version, thetas, counts);
            events.modelUpdated(model);
            events.steeringUpdated(steering);
            Map<String, List<Double>> weights = new java.util.LinkedHashMap<>();
            thetas.forEach((user, theta) -> weights.put(
                    user, Arrays.stream(PalModel.weights(theta)).boxed().toList()));
            Map<String, List<String>> dequeued = store.dequeue(tenant, eventIds);
            events.usersLearned(tenant, weights, version, dequeued);
            return dequeued;
        });
        metrics.learned(takenIn.values().stream().mapToInt(List::size).sum(), thetas.size());
        log.info(
                "reward model {} v{}: {} comparisons of {} users, training accuracy {}",
                tenant,
                version,
                comparisons.size(),
                counts.size(),
                String.format("%.3f", accuracy));
        return new Outcome(version, comparisons.size(), counts.size(), accuracy);
    }

    private List<SteeringUpdated.Prototype> prototypeVectors(
            AnswerActivations.Layout layout,
            List<ComparisonBuilder.AnswerPair> pairs,
            Map<String, float[][]> acts,
            Map<String, double[]> thetas,
            int k) {
        int[] steeringLayers = layout.steeringLayers();
        int[] index = Arrays.stream(steeringLayers).map(layout::indexOf).toArray();
        List<PrototypeDirections.Attributed> attributed = new ArrayList<>();
        for (ComparisonBuilder.AnswerPair p : pairs) {
            float[][] chosen = acts.get(p.chosen().key());
            float[][] rejected = acts.get(p.rejected().key());
            float[][] difference = new float[steeringLayers.length][];
            for (int l = 0; l < steeringLayers.length; l++) {
                float[] c = chosen[index[l]];
                float[] r = rejected[index[l]];
                difference[l] = new float[c.length];
                for (int i = 0; i < c.length; i++) {
                    difference[l][i] = c[i] - r[i];
                }
            }
            attributed.add(new PrototypeDirections.Attributed(PalModel.weights(thetas.get(p.userId())), difference));
        }
        double[] targetNorms = new double[steeringLayers.length];
        for (int l = 0; l < steeringLayers.length; l++) {
            double squares = 0;
            for (float[][] a : acts.values()) {
                for (float v : a[index[l]]) {
                    squares += v * v;
                }
            }
            targetNorms[l] = properties.prototypeNorm() * Math.sqrt(squares / acts.size());
        }
        float[][][] directions = PrototypeDirections.of(attributed, k, targetNorms);
        List<SteeringUpdated.Prototype> out = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            Map<Integer, float[]> byLayer = new TreeMap<>();
            for (int l = 0; l < steeringLayers.length; l++) {
                byLayer.put(steeringLayers[l], directions[j][l]);
            }
            out.add(SteeringUpdated.Prototype.of(j, byLayer));
        }
        return out;
    }

    private static double accuracy(PalModel pal, Map<String, double[]> thetas, List<Comparison> comparisons) {
        int right = 0;
        for (Comparison c : comparisons) {
            double[] theta = thetas.get(c.user());
            right += pal.reward(theta, c.chosen()) > pal.reward(theta, c.rejected()) ? 1 : 0;
        }
        return (double) right / comparisons.size();
    }
}
