package io.pluralign.profile.domain;

import java.util.List;
import java.util.Optional;

/**
 * What makes PAL weights valid, for weights written through the API and learned ones alike: one per preference
 * prototype of the tenant, finite and non-negative, summing to 1 up to rounding (then scaled to sum exactly to 1).
 */
public final class PalWeightsRule {

    /** Sums this close to 1 are rounding and get normalised; others are rejected. */
    static final double TOLERANCE = 1e-3;

    private PalWeightsRule() {}

    /** Why {@code count} weights do not fit a tenant with {@code prototypes} prototypes, or empty when they do. */
    public static Optional<String> countProblem(int count, int prototypes) {
        return count == prototypes
                ? Optional.empty()
                : Optional.of("must have " + prototypes + " weights, one per preference prototype of the tenant, not "
                        + count);
    }

    /**
     * The weights scaled to sum exactly to 1.
     *
     * @throws IllegalArgumentException saying what is wrong when one is not finite and non-negative or the sum is not 1
     */
    public static List<Double> normalised(List<Double> weights) {
        double sum = 0;
        for (Double w : weights) {
            if (w == null || !Double.isFinite(w) || w < 0) {
                throw new IllegalArgumentException("must be finite and non-negative: " + weights);
            }
            sum += w;
        }
        if (Math.abs(sum - 1) > TOLERANCE) {
            throw new IllegalArgumentException("must sum to 1 (they sum to " + sum + ")");
        }
        double total = sum;
        return weights.stream().map(w -> w / total).toList();
    }
}
