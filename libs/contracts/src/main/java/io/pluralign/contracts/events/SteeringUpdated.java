package io.pluralign.contracts.events;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Payload of {@link EventTypes#STEERING_UPDATED}: a tenant's PAL prototype steering vectors after a refit of its
 * reward model. steering-service composes a user's prototypes, weighted by their palWeights, into their steering. The
 * latest event per tenant (highest {@code rewardModelVersion}) wins.
 *
 * @param tenantId the tenant whose prototypes these are
 * @param model the model key the vectors were measured on ({@code modelKey} of steering-service's activations);
 *     instances serving another model ignore the event
 * @param rewardModelVersion the reward model version the prototypes belong to
 * @param prototypes one per prototype, in index order 0..K-1
 */
public record SteeringUpdated(String tenantId, String model, long rewardModelVersion, List<Prototype> prototypes) {

    public SteeringUpdated {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(model, "model");
        prototypes = List.copyOf(prototypes);
    }

    /**
     * One prototype's steering vector per layer.
     *
     * @param layers layer index to the vector as base64 of little-endian float32 (compact on the wire)
     */
    public record Prototype(int index, Map<Integer, String> layers) {
        public Prototype {
            layers = Map.copyOf(layers);
        }

        /** The vectors decoded. */
        public SortedMap<Integer, float[]> vectors() {
            TreeMap<Integer, float[]> out = new TreeMap<>();
            layers.forEach((layer, encoded) -> out.put(layer, Float32.decode(encoded)));
            return out;
        }

        /** A prototype from plain vectors. */
        public static Prototype of(int index, Map<Integer, float[]> vectors) {
            TreeMap<Integer, String> encoded = new TreeMap<>();
            vectors.forEach((layer, v) -> encoded.put(layer, Float32.encode(v)));
            return new Prototype(index, encoded);
        }
    }
}
