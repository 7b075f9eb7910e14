package io.pluralign.alignment.pal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Fits PAL: shared parameters and every user's theta together on all comparisons (the background refit), or one
 * user's theta alone with the shared parameters frozen (how a new user is learned from a handful of comparisons).
 * Theta is pulled toward 0, uniform weights, so a user with little feedback stays near the population's centre.
 */
public final class PalTrainer {

    /**
     * @param epochs passes over the comparisons
     * @param batchSize comparisons per step
     * @param learningRate Adam's step size
     * @param weightDecay L2 on the shared parameters
     * @param thetaDecay L2 on each theta (toward uniform weights)
     * @param userPrior how many comparisons' worth of belief a user's fit gives to the population's centre: the
     *     penalty on theta is {@code userPrior / n} for n comparisons, so one comparison moves a new user a little
     *     and fifty move them far
     * @param seed the shuffling seed
     */
    public record Options(
            int epochs,
            int batchSize,
            double learningRate,
            double weightDecay,
            double thetaDecay,
            double userPrior,
            long seed) {
        public static Options defaults() {
            return new Options(60, 64, 0.02, 1e-4, 1e-2, 1.0, 1);
        }
    }

    private PalTrainer() {}

    /**
     * Refits {@code model} (in place) and the thetas of every user in {@code data} (in {@code thetas}, created as 0 when
     * missing) on all comparisons; returns the final mean training loss.
     */
    public static double fitShared(PalModel model, List<Comparison> data, Map<String, double[]> thetas, Options o) {
        if (data.isEmpty()) {
            return Double.NaN;
        }
        int k = model.prototypeCount();
        for (Comparison c : data) {
            thetas.computeIfAbsent(c.user(), u -> new double[k]);
        }
        Adam adam = new Adam(o.learningRate());
        List<Comparison> order = new ArrayList<>(data);
        Random random = new Random(o.seed());
        double loss = Double.NaN;
        for (int epoch = 0; epoch < o.epochs(); epoch++) {
            Collections.shuffle(order, random);
            double epochLoss = 0;
            for (int from = 0; from < order.size(); from += o.batchSize()) {
                List<Comparison> batch = order.subList(from, Math.min(order.size(), from + o.batchSize()));
                PalModel.Gradients g = model.lossAndGradients(batch, thetas);
                epochLoss += g.loss() * batch.size();
                adam.nextStep();
                for (int d = 0; d < model.spaceSize(); d++) {
                    adam.update(model.projection()[d], g.projection()[d], o.weightDecay());
                }
                for (int j = 0; j < k; j++) {
                    adam.update(model.prototypes()[j], g.prototypes()[j], o.weightDecay());
                }
                g.theta().forEach((user, grad) -> adam.update(thetas.get(user), grad, o.thetaDecay()));
            }
            loss = epochLoss / order.size();
        }
        return loss;
    }

    /**
     * One user's theta from their comparisons, the shared parameters frozen (see {@link UserFit}): full-batch Adam from
     * {@code start} (or 0). The pull toward the population's centre weighs {@code userPrior / n} for n comparisons.
     */
    public static double[] fitUser(PalModel model, List<Comparison> comparisons, double[] start, int steps, Options o) {
        List<UserFit.Evidence> evidence = new ArrayList<>(comparisons.size());
        for (Comparison c : comparisons) {
            evidence.add(UserFit.evidence(model, model.project(c.chosen()), model.project(c.rejected())));
        }
        return UserFit.fit(evidence, model.prototypeCount(), start, steps, userDecay(o, evidence.size()), userRate(o));
    }

    /** The theta penalty of a user fit on {@code n} comparisons. */
    public static double userDecay(Options o, int n) {
        return Math.max(o.thetaDecay(), o.userPrior() / Math.max(1, n));
    }

    /** Adam's step size for a user fit. */
    public static double userRate(Options o) {
        return Math.max(o.learningRate(), 0.05);
    }
}
