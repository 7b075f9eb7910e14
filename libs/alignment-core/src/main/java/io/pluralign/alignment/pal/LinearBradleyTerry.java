package io.pluralign.alignment.pal;

import java.util.List;

/**
 * The baselines PAL is measured against: a linear reward {@code r(e) = v . e} fitted with the Bradley-Terry loss
 * (logistic regression on {@code chosen - rejected}), either one for everyone or one per user from that user's
 * comparisons alone.
 */
public final class LinearBradleyTerry {
    private final double[] weights;

    private LinearBradleyTerry(double[] weights) {
        this.weights = weights;
    }

    /**
     * Fits by full-batch gradient descent with Adam.
     *
     * @param l2 L2 penalty on the weights (keeps a per-user fit from a few comparisons sane)
     */
    public static LinearBradleyTerry fit(List<Comparison> comparisons, int embedding, double l2, int steps) {
        double[] v = new double[embedding];
        if (comparisons.isEmpty()) {
            return new LinearBradleyTerry(v);
        }
        Adam adam = new Adam(0.05);
        double[] grad = new double[embedding];
        for (int s = 0; s < steps; s++) {
            java.util.Arrays.fill(grad, 0);
            for (Comparison c : comparisons) {
                double margin = 0;
                for (int i = 0; i < embedding; i++) {
                    margin += v[i] * (c.chosen()[i] - c.rejected()[i]);
                }
                double g = -PalModel.sigmoid(-margin) / comparisons.size();
                for (int i = 0; i < embedding; i++) {
                    grad[i] += g * (c.chosen()[i] - c.rejected()[i]);
                }
            }
            adam.nextStep();
            adam.update(v, grad, l2);
        }
        return new LinearBradleyTerry(v);
    }

    public double reward(double[] e) {
        double s = 0;
        for (int i = 0; i < weights.length; i++) {
            s += weights[i] * e[i];
        }
        return s;
    }

    /** Whether the model ranks the comparison's chosen item first. */
    public boolean agrees(Comparison c) {
        return reward(c.chosen()) > reward(c.rejected());
    }
}
