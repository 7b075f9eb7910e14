package io.pluralign.alignment.pal;

import java.util.IdentityHashMap;
import java.util.Map;

/** Adam over arrays of parameters, updated in place; moments are kept per array. */
final class Adam {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final double learningRate;
    private final Map<double[], double[][]> moments = new IdentityHashMap<>();
    private int step;

    Adam(double learningRate) {
        this.learningRate = learningRate;
    }

    /** Call once per step, before the updates of that step. */
    void nextStep() {
        step++;
    }

    /** {@code params -= lr * adam(grad)}; {@code decay} adds {@code decay * params} to the gradient (L2). */
    void update(double[] params, double[] grad, double decay) {
        double[][] mv =
                moments.computeIfAbsent(params, p -> new double[][] {new double[p.length], new double[p.length]});
        double[] m = mv[0];
        double[] v = mv[1];
        double c1 = 1 - Math.pow(BETA1, step);
        double c2 = 1 - Math.pow(BETA2, step);
        for (int i = 0; i < params.length; i++) {
            double g = grad[i] + decay * params[i];
            m[i] = BETA1 * m[i] + (1 - BETA1) * g;
            v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
            params[i] -= learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPS);
        }
    }
}
