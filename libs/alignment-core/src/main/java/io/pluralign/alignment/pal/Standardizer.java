package io.pluralign.alignment.pal;

import java.util.List;

/**
 * Centres embeddings on the population's mean and divides by their typical distance from it, so that a reward model's
 * parameters do not depend on the base model's activation scale (pooled hidden states share a large common
 * component that says nothing about preference).
 *
 * @param centre the mean embedding
 * @param scale the root mean square distance of the embeddings from the centre (positive)
 */
public record Standardizer(double[] centre, double scale) {

    public Standardizer {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
        }
        centre = centre.clone();
    }

    /** The standardizer of these embeddings (at least one). */
    public static Standardizer fit(List<float[]> embeddings) {
        if (embeddings.isEmpty()) {
            throw new IllegalArgumentException("no embeddings to standardize");
        }
        int n = embeddings.get(0).length;
        double[] centre = new double[n];
        for (float[] e : embeddings) {
            for (int i = 0; i < n; i++) {
                centre[i] += e[i] / (double) embeddings.size();
            }
        }
        double squares = 0;
        for (float[] e : embeddings) {
            for (int i = 0; i < n; i++) {
                squares += (e[i] - centre[i]) * (e[i] - centre[i]);
            }
        }
        double scale = Math.sqrt(squares / embeddings.size());
        return new Standardizer(centre, scale > 0 ? scale : 1);
    }

    /** The standardized embedding. */
    public double[] apply(float[] embedding) {
        if (embedding.length != centre.length) {
            throw new IllegalArgumentException(
                    "embedding has " + embedding.length + " values, the model expects " + centre.length);
        }
        double[] out = new double[embedding.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (embedding[i] - centre[i]) / scale;
        }
        return out;
    }
}
