package io.pluralign.contracts.events;

import java.time.Instant;
import java.util.Objects;

/**
 * Payload of {@link EventTypes#REWARD_MODEL_UPDATED}: a new version of a tenant's PAL reward model, complete, so that
 * reward-service can serve it without reading trainer-service's store. A user's reward for an answer is {@code -||W
 * ((e - centre) / scale) - sum_k w_k p_k||^2}, where e is the answer's pooled activation at {@code embeddingLayer}
 * (mean over the response's tokens, as steering-service's activations endpoint gives it) and w the user's palWeights.
 *
 * @param model the model key ({@code modelKey} of steering-service's activations) the embeddings come from
 * @param centre the mean embedding, base64 float32 [E]
 * @param scale the embeddings' typical distance from the centre
 * @param projection W, base64 float32 row-major [D][E]
 * @param prototypes p, base64 float32 row-major [K][D]
 * @param comparisons the number of comparisons it was fitted on
 * @param users the number of users they came from
 * @param trainingAccuracy the share of those comparisons it orders as the users did
 */
public record RewardModelUpdated(
        String tenantId,
        long version,
        String model,
        int embeddingLayer,
        int prototypeCount,
        int spaceSize,
        String centre,
        double scale,
        String projection,
        String prototypes,
        int comparisons,
        int users,
        double trainingAccuracy,
        Instant createdAt) {

    public RewardModelUpdated {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(centre, "centre");
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(prototypes, "prototypes");
    }

    /** W, [D][E]. */
    public double[][] projectionMatrix() {
        return Float32.decodeMatrix(projection, spaceSize);
    }

    /** p, [K][D]. */
    public double[][] prototypeMatrix() {
        return Float32.decodeMatrix(prototypes, prototypeCount);
    }

    /** The centre as doubles. */
    public double[] centreVector() {
        float[] c = Float32.decode(centre);
        double[] out = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            out[i] = c[i];
        }
        return out;
    }
}
