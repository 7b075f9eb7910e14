package io.pluralign.steering.domain;

import io.pluralign.alignment.steering.Vectors;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Each tenant's PAL prototype steering vectors on the served model, as trainer-service last published them: until it
 * has, a user's palWeights steer nothing. Vectors are bounded like imported ones (shape, finite, norm).
 */
@Component
public class PrototypeVectors {

    /** A tenant's prototypes at a reward model version: per prototype, its vector per layer. */
    public record Prototypes(long rewardModelVersion, List<SortedMap<Integer, float[]>> vectors) {}

    private final Map<String, Prototypes> byTenant = new ConcurrentHashMap<>();
    private final AtomicLong stamp = new AtomicLong();
    private final ServedModel model;
    private final ResidualNorms norms;
    private final double maxNormFraction;

    public PrototypeVectors(ServedModel model, ResidualNorms norms, io.pluralign.steering.config.SteeringProperties p) {
        this.model = model;
        this.norms = norms;
        this.maxNormFraction = p.maxImportedNormFraction();
    }

    /** Whether an event's vectors were measured on the model served here. */
    public boolean isForServedModel(String modelKey) {
        return model.vectorsKey().equals(modelKey);
    }

    /**
     * Takes a newer version of a tenant's prototypes; returns false when it is not newer.
     *
     * @throws IllegalArgumentException when a vector is malformed or out of bounds
     */
    public boolean update(String tenant, long rewardModelVersion, List<SortedMap<Integer, float[]>> vectors) {
        for (SortedMap<Integer, float[]> prototype : vectors) {
            for (Map.Entry<Integer, float[]> e : prototype.entrySet()) {
                int layer = e.getKey();
                if (layer < 0 || layer >= model.numLayers() || e.getValue().length != model.hiddenSize()) {
                    throw new IllegalArgumentException("prototype vector at layer " + layer + " with "
                            + e.getValue().length + " values does not fit the model");
                }
                double norm = Vectors.norm(e.getValue());
                if (!Double.isFinite(norm) || norm > maxNormFraction * norms.at(layer)) {
                    throw new IllegalArgumentException("prototype vector at layer " + layer + " has norm " + norm
                            + ", over the bound of " + maxNormFraction * norms.at(layer));
                }
            }
        }
        boolean[] changed = {false};
        byTenant.compute(tenant, (t, held) -> {
            if (held != null && held.rewardModelVersion() >= rewardModelVersion) {
                return held;
            }
            changed[0] = true;
            return new Prototypes(rewardModelVersion, List.copyOf(vectors));
        });
        if (changed[0]) {
            stamp.incrementAndGet();
        }
        return changed[0];
    }

    public Optional<Prototypes> find(String tenant) {
        return Optional.ofNullable(byTenant.get(tenant));
    }

    /** Changes whenever some tenant's prototypes change. */
    public long stamp() {
        return stamp.get();
    }
}
