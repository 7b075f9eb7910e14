package io.pluralign.alignment.pal;

import java.util.List;

/**
 * Each prototype's steering direction: the membership-weighted mean activation difference (chosen minus rejected)
 * of the comparisons attributed to it, where a comparison belongs to prototype k with its user's weight w_k. All
 * directions of a layer are scaled by one factor, so that the longest has the target norm: a prototype whose members
 * disagree (their differences cancel) stays short instead of having its noise amplified.
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
     * The directions, [K][layers][hidden]; a prototype no comparison belongs to gets zero vectors.
     *
     * @param targetNorms the norm of each layer's longest direction, [layers]
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
        double[] totals = new double[prototypes];
        for (Attributed c : comparisons) {
            for (int k = 0; k < prototypes; k++) {
                totals[k] += c.weights()[k];
            }
        }
        float[][][] out = new float[prototypes][layers][hidden];
        for (int l = 0; l < layers; l++) {
            double longest = 0;
            double[] norms = new double[prototypes];
            for (int k = 0; k < prototypes; k++) {
                if (totals[k] > 0) {
                    for (int i = 0; i < hidden; i++) {
                        sums[k][l][i] /= totals[k]; // the weighted mean
                    }
                }
                for (double v : sums[k][l]) {
                    norms[k] += v * v;
                }
                longest = Math.max(longest, Math.sqrt(norms[k]));
            }
            if (longest > 1e-12) {
                double factor = targetNorms[l] / longest;
                for (int k = 0; k < prototypes; k++) {
                    for (int i = 0; i < hidden; i++) {
                        out[k][l][i] = (float) (sums[k][l][i] * factor);
                    }
                }
            }
        }
        return out;
    }
}
