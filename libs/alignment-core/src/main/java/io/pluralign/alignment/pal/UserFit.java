package io.pluralign.alignment.pal;

import java.util.List;

/**
 * Fitting one user's theta with the shared parameters frozen. Under a frozen model a comparison's margin is {@code
 * r(chosen) - r(rejected) = c + 2 w . q}, where {@code c = |z-|^2 - |z+|^2}, {@code q_k = p_k . (z+ - z-)} and {@code
 * z = W e}: each comparison reduces to K+1 numbers ({@link Evidence}), computed once, and a fit step costs O(K) per
 * comparison. This is what makes learning a user online cheap.
 */
public final class UserFit {

    /** A comparison under a frozen model: margin = {@code constant + 2 w . alignment}. */
    public record Evidence(double constant, double[] alignment) {}

    private UserFit() {}

    /** The evidence of a comparison whose answers project to {@code chosen} and {@code rejected} (W e, [D]). */
    public static Evidence evidence(PalModel model, double[] chosen, double[] rejected) {
        double constant = 0;
        double[] delta = new double[chosen.length];
        for (int d = 0; d < delta.length; d++) {
            constant += rejected[d] * rejected[d] - chosen[d] * chosen[d];
            delta[d] = chosen[d] - rejected[d];
        }
        double[][] p = model.prototypes();
        double[] alignment = new double[p.length];
        for (int k = 0; k < p.length; k++) {
            for (int d = 0; d < delta.length; d++) {
                alignment[k] += p[k][d] * delta[d];
            }
        }
        return new Evidence(constant, alignment);
    }

    /**
     * Theta minimizing the mean Bradley-Terry loss of the evidence plus {@code decay/2 |theta|^2}: full-batch Adam from
     * {@code start} (or 0, uniform weights).
     */
    public static double[] fit(
            List<Evidence> evidence, int prototypes, double[] start, int steps, double decay, double lr) {
        double[] theta = start == null ? new double[prototypes] : start.clone();
        if (evidence.isEmpty()) {
            return theta;
        }
        Adam adam = new Adam(lr);
        int n = evidence.size();
        // the evidence as two flat arrays: the loop below runs steps x n times
        double[] constants = new double[n];
        double[] alignments = new double[n * prototypes];
        for (int i = 0; i < n; i++) {
            constants[i] = evidence.get(i).constant();
            System.arraycopy(evidence.get(i).alignment(), 0, alignments, i * prototypes, prototypes);
        }
        double[] w = new double[prototypes];
        double[] gw = new double[prototypes];
        double[] grad = new double[prototypes];
        for (int s = 0; s < steps; s++) {
            PalModel.weightsInto(theta, w);
            java.util.Arrays.fill(gw, 0);
            for (int i = 0, at = 0; i < n; i++, at += prototypes) {
                double margin = constants[i];
                for (int k = 0; k < prototypes; k++) {
                    margin += 2 * w[k] * alignments[at + k];
                }
                double g = -PalModel.sigmoid(-margin) / n; // dL/dmargin
                for (int k = 0; k < prototypes; k++) {
                    gw[k] += 2 * g * alignments[at + k];
                }
            }
            double mean = 0;
            for (int k = 0; k < prototypes; k++) {
                mean += w[k] * gw[k];
            }
            for (int j = 0; j < prototypes; j++) {
                grad[j] = w[j] * (gw[j] - mean); // through the softmax
            }
            adam.nextStep();
            adam.update(theta, grad, decay);
        }
        return theta;
    }
}
