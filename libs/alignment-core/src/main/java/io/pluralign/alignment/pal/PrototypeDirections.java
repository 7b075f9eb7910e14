package io.pluralign.alignment.pal;

import io.pluralign.alignment.steering.LeastSquares;
import java.util.List;

/**
 * Each prototype's steering direction P_k, chosen so that a user's mixture {@code sum_k w_uk P_k} reproduces the
 * activation differences (chosen minus rejected) of that user's comparisons: the least-squares fit of every
 * comparison's difference by its user's weights, with a small ridge toward zero. A user's mixture is then, as nearly as
 * K directions allow, the difference their own choices make, whatever the population's make-up.
 *
 * <p>The membership-weighted mean of the differences, used before, mixes every prototype with the majority when weights
 * are soft (as PAL's are): on the closed-loop population (60 % liking formal, concise answers, 40 % the opposite) the
 * mixtures of both groups pointed the majority's way.
 *
 * <p>All directions of a layer are scaled by one factor, so that the longest has the target norm: a prototype the data
 * says little about stays short instead of having its noise amplified.
 */
public final class PrototypeDirections {

    /** The ridge, as a fraction of the mean diagonal of the weights' Gram matrix. */
    static final double RIDGE = 0.01;

    /**
     * One comparison's contribution.
     *
     * @param weights the comparing user's PAL weights, [K]
     * @param difference chosen minus rejected activations, [layers][hidden]
     */
    public record Attributed(double[] weights, float[][] difference) {}

    private PrototypeDirections() {}

    /**
     * The directions, [K][layers][hidden]; a prototype no comparison weighs on gets zero vectors.
     *
     * @param targetNorms the norm of each layer's longest direction, [layers]
     */
    public static float[][][] of(List<Attributed> comparisons, int prototypes, double[] targetNorms) {
        if (comparisons.isEmpty()) {
            throw new IllegalArgumentException("no comparisons to derive directions from");
        }
        int layers = targetNorms.length;
        int hidden = comparisons.get(0).difference()[0].length;
        // normal equations (W'W + ridge I) P = W'D: gram is W'W, moments W'D per layer
        double[][] gram = new double[prototypes][prototypes];
        double[][][] moments = new double[prototypes][layers][hidden];
        for (Attributed c : comparisons) {
            if (c.weights().length != prototypes || c.difference().length != layers) {
                throw new IllegalArgumentException("a comparison's weights or layers do not match");
            }
            for (int k = 0; k < prototypes; k++) {
                double w = c.weights()[k];
                for (int j = 0; j < prototypes; j++) {
                    gram[k][j] += w * c.weights()[j];
                }
                for (int l = 0; l < layers; l++) {
                    float[] d = c.difference()[l];
                    for (int i = 0; i < hidden; i++) {
                        moments[k][l][i] += w * d[i];
                    }
                }
            }
        }
        double trace = 0;
        for (int k = 0; k < prototypes; k++) {
            trace += gram[k][k];
        }
        double ridge = RIDGE * trace / prototypes;
        double[][] regularized = new double[prototypes][];
        for (int k = 0; k < prototypes; k++) {
            regularized[k] = gram[k].clone();
            if (gram[k][k] > 0) {
                regularized[k][k] += ridge; // a prototype nobody weighs on keeps its zero row and gets 0
            }
        }
        float[][][] out = new float[prototypes][layers][hidden];
        for (int l = 0; l < layers; l++) {
            double[][] layerMoments = new double[prototypes][];
            for (int k = 0; k < prototypes; k++) {
                layerMoments[k] = moments[k][l];
            }
            double[][] fitted = LeastSquares.solve(regularized, layerMoments);
            double longest = 0;
            for (double[] direction : fitted) {
                double squares = 0;
                for (double v : direction) {
                    squares += v * v;
                }
                longest = Math.max(longest, Math.sqrt(squares));
            }
            if (longest > 1e-12) {
                double factor = targetNorms[l] / longest;
                for (int k = 0; k < prototypes; k++) {
                    for (int i = 0; i < hidden; i++) {
                        out[k][l][i] = (float) (fitted[k][i] * factor);
                    }
                }
            }
        }
        return out;
    }
}
