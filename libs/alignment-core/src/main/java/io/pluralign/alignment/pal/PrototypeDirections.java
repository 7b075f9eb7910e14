package io.pluralign.alignment.pal;

import java.util.List;

/**
 * Each prototype's steering direction: the membership-weighted mean activation difference (chosen minus rejected)
 * of the comparisons attributed to it, where a comparison belongs to prototype k with its user's weight w_k. Each
 * direction is rescaled per layer to a target norm, so that a user with weight 1 on a prototype is steered as
 * strongly as by a concept at coefficient 1.
 */
public final class PrototypeDirections {

    /**
     * One comparison's contribution.
     *
     * @param weights the comparing user's PAL weights, [K]
     * @param difference chosen minus rejected activations, [layers][hidden]
     */
    public record Attributed(double[] weights, float[][] difference) {}

    private PrototypeDirections() {}

    /**
     * The directions, [K][layers][hidden]; a prototype no comparison belongs to (or whose mean difference vanishes) gets
     * zero vectors.
     *
     * @param targetNorms the norm each layer's direction is scaled to, [layers]
     */
    public static float[][][] of(List<Attributed> comparisons, int prototypes, double[] targetNorms) {
        if (comparisons.isEmpty()) {
            throw new IllegalArgumentException("no comparisons to derive directions from");
        }
        int layers = targetNorms.length;
        int hidden = comparisons.get(0).difference()[0].length;
        double[][][] sums = new double[prototypes][layers][hidden];
        for (Attributed c : comparisons) {
            if (c.weights().length != prototypes || c.difference().length != layers) {
                throw new IllegalArgumentException("a comparison's weights or layers do not match");
            }
            for (int k = 0; k < prototypes; k++) {
                double w = c.weights()[k];
                for (int l = 0; l < layers; l++) {
                    float[] d = c.difference()[l];
                    for (int i = 0; i < hidden; i++) {
                        sums[k][l][i] += w * d[i];
                    }
                }
            }
        }
        float[][][] out = new float[prototypes][layers][hidden];
        for (int k = 0; k < prototypes; k++) {
            for (int l = 0; l < layers; l++) {
                double norm = 0;
                for (double v : sums[k][l]) {
                    norm += v * v;
                }
                norm = Math.sqrt(norm);
                if (norm > 1e-12) {
                    double factor = targetNorms[l] / norm;
                    for (int i = 0; i < hidden; i++) {
                        out[k][l][i] = (float) (sums[k][l][i] * factor);
                    }
                }
            }
        }
        return out;
    }
}
