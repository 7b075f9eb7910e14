package io.pluralign.steering.domain;

import io.pluralign.alignment.steering.LayerFit;
import io.pluralign.alignment.steering.Vectors;
import io.pluralign.steering.config.SteeringProperties;
import io.pluralign.steering.store.ConceptStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * The concepts tenants see and their vectors on the served model. Vectors are computed in the background, one concept
 * at a time, with progress in the store; ready vectors are kept in memory for composing steering, and every change
 * bumps {@link #stamp()} so composed steering that used older vectors is rebuilt.
 */
@Service
public class ConceptService implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(ConceptService.class);

    /** A concept as a tenant sees it: its definition, its vectors' status on the served model, and the vectors. */
    public record ConceptView(ConceptDefinition definition, ConceptStore.Status status, ConceptVectors vectors) {}

    private final ConceptStore store;
    private final ServedModel model;
    private final ActivationReader reader;
    private final ResidualNorms norms;
    private final SteeringProperties properties;
    private final ConceptComputer computer;
    private final Map<String, ConceptVectors> ready = new ConcurrentHashMap<>(); // key: owner + "/" + id
    private final AtomicLong stamp = new AtomicLong();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "concept-vectors");
        t.setDaemon(true);
        return t;
    });

    public ConceptService(
            ConceptStore store,
            ServedModel model,
            ActivationReader reader,
            ResidualNorms norms,
            SteeringProperties properties) {
        this.store = store;
        this.model = model;
        this.reader = reader;
        this.norms = norms;
        this.properties = properties;
        this.computer = new ConceptComputer(reader, norms, properties.maxLayers());
    }

    /** Stores the built-in concepts, loads ready vectors, and queues every concept whose vectors are missing. */
    public void start(List<ConceptDefinition> builtIns) {
        for (ConceptDefinition concept : builtIns) {
            store.save(concept, "builtin");
        }
        store.readyVectors(model.vectorsKey()).forEach(v -> ready.put(key(v.owner(), v.conceptId()), v));
        stamp.incrementAndGet();
        if (properties.computeOnStart()) {
            for (ConceptDefinition concept : store.all()) {
                ConceptVectors current = ready.get(key(concept.owner(), concept.id()));
                if ((current == null || current.conceptVersion() != concept.version())
                        && !ConceptDefinition.ORIGIN_IMPORT.equals(concept.origin())) {
                    queue(concept);
                }
            }
        }
        log.info("{} concept vectors ready on {}", ready.size(), model.vectorsKey());
    }

    /** Every concept {@code tenant} sees (its own replace built-ins of the same id). */
    public List<ConceptView> list(String tenant) {
        Map<String, ConceptDefinition> byId = new TreeMap<>();
        for (ConceptDefinition d : store.visibleTo(tenant)) {
            byId.merge(d.id(), d, (a, b) -> a.isBuiltIn() ? b : a);
        }
        List<ConceptView> out = new ArrayList<>();
        byId.values().forEach(d -> out.add(view(d)));
        return out;
    }

    public Optional<ConceptView> find(String tenant, String id) {
        return store.find(tenant, id).map(this::view);
    }

    /** Stores a tenant's concept and queues its vectors (nothing is recomputed when its pairs did not change). */
    public ConceptView define(ConceptDefinition concept, String actor) {
        ConceptDefinition stored = store.save(concept, actor);
        ConceptView view = view(stored);
        if (view.status() == null
                || ConceptStore.Status.FAILED.equals(view.status().status())) {
            queue(stored);
            view = view(stored);
        }
        return view;
    }

    /** Stores an admin's imported steering vectors as the concept's vectors on the served model. */
    public ConceptView importVectors(ConceptDefinition concept, SortedMap<Integer, float[]> vectors, String actor) {
        for (Map.Entry<Integer, float[]> e : vectors.entrySet()) {
            int layer = e.getKey();
            if (layer >= model.numLayers()) {
                throw new IllegalArgumentException(
                        "layer " + layer + " does not exist: the model has " + model.numLayers() + " layers");
            }
            if (e.getValue().length != model.hiddenSize()) {
                throw new IllegalArgumentException("layer " + layer + " has " + e.getValue().length
                        + " values; the model's hidden size is " + model.hiddenSize());
            }
            double norm = Vectors.norm(e.getValue());
            double bound = properties.maxImportedNormFraction() * norms.at(layer);
            if (norm > bound) {
                throw new IllegalArgumentException(String.format(
                        "layer %d has norm %.3g, over the bound of %.3g (%.2f of the layer's typical residual norm"
                                + " %.3g): vectors this large break the model and are refused",
                        layer, norm, bound, properties.maxImportedNormFraction(), norms.at(layer)));
            }
        }
        ConceptDefinition stored = store.save(concept, actor);
        TreeMap<Integer, LayerFit> fits = new TreeMap<>();
        vectors.forEach((layer, v) ->
                fits.put(layer, new LayerFit(layer, v, v, Double.NaN, Double.NaN, Double.NaN, 0, 0, norms.at(layer))));
        ConceptVectors result = new ConceptVectors(
                stored.owner(),
                stored.id(),
                stored.version(),
                fits,
                vectors.keySet().stream().mapToInt(Integer::intValue).toArray(),
                true);
        store.saveVectors(model.vectorsKey(), result);
        publish(result);
        return view(stored);
    }

    /** The ready vectors of concept {@code id} as {@code tenant} sees it. */
    public Optional<ConceptVectors> vectors(String tenant, String id) {
        ConceptVectors own = ready.get(key(tenant, id));
        return Optional.ofNullable(own != null ? own : ready.get(key(ConceptDefinition.BUILT_IN, id)));
    }

    /** Changes whenever some concept's vectors change. */
    public long stamp() {
        return stamp.get();
    }

    /** How strongly each text, as an answer to {@code prompt}, expresses the concept (-1 to +1 on its poles' scale). */
    public List<Double> read(ConceptVectors vectors, String system, String prompt, List<String> texts) {
        int[] layers = vectors.chosenLayers();
        List<Double> scores = new ArrayList<>();
        for (String text : texts) {
            float[][] acts = reader.answerMean(new ActivationReader.Answer(system, prompt, text), layers);
            scores.add(vectors.read(layers, acts));
        }
        return scores;
    }

    private ConceptView view(ConceptDefinition d) {
        ConceptVectors v = ready.get(key(d.owner(), d.id()));
        if (v != null && v.conceptVersion() != d.version()) {
            v = null;
        }
        return new ConceptView(d, store.status(model.vectorsKey(), d).orElse(null), v);
    }

    private void queue(ConceptDefinition concept) {
        store.setStatus(model.vectorsKey(), concept, ConceptStore.Status.QUEUED, 0, null);
        worker.submit(() -> computeNow(concept));
    }

    private void computeNow(ConceptDefinition concept) {
        String key = model.vectorsKey();
        try {
            long started = System.nanoTime();
            store.setStatus(key, concept, ConceptStore.Status.COMPUTING, 0, null);
            double[] reported = {0};
            ConceptVectors vectors = computer.compute(concept, fraction -> {
                if (fraction - reported[0] >= 0.1 || fraction == 1) {
                    reported[0] = fraction;
                    store.setStatus(key, concept, ConceptStore.Status.COMPUTING, fraction, null);
                }
            });
            store.saveVectors(key, vectors);
            publish(vectors);
            log.info(
                    "concept {} v{} ready on {} in {} ms, layers {}",
                    concept.id(),
                    concept.version(),
                    key,
                    (System.nanoTime() - started) / 1_000_000,
                    java.util.Arrays.toString(vectors.chosenLayers()));
        } catch (RuntimeException e) {
            log.warn("computing concept {} failed: {}", concept.id(), e.toString());
            store.setStatus(key, concept, ConceptStore.Status.FAILED, 0, e.getMessage());
        }
    }

    private void publish(ConceptVectors vectors) {
        ready.put(key(vectors.owner(), vectors.conceptId()), vectors);
        stamp.incrementAndGet();
    }

    private static String key(String owner, String id) {
        return owner + "/" + id;
    }

    /** Waits for queued computations (tests and benchmarks). */
    public void awaitIdle() throws Exception {
        worker.submit(() -> {}).get(10, java.util.concurrent.TimeUnit.MINUTES);
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
