package io.pluralign.alignment.pal;

import java.util.Objects;

/**
 * A complete PAL reward model as served: how raw embeddings are standardized, and the shared PAL parameters. A user's
 * reward for an answer is {@link PalModel#reward} of their theta and the standardized embedding.
 */
public record RewardModel(Standardizer input, PalModel pal) {

    public RewardModel {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(pal, "pal");
        if (input.centre().length != pal.embeddingSize()) {
            throw new IllegalArgumentException("the standardizer and the projection disagree on the embedding size");
        }
    }

    /** The reward of an answer (its raw embedding) for a user with these PAL weights (summing to 1). */
    public double reward(double[] weights, float[] embedding) {
        return pal.reward(thetaOf(weights), input.apply(embedding));
    }

    /** P(a preferred to b) for a user with these weights. */
    public double preferenceProbability(double[] weights, float[] a, float[] b) {
        return PalModel.sigmoid(reward(weights, a) - reward(weights, b));
    }

    /** A theta whose softmax is {@code weights} (log weights; a zero weight becomes a very small one). */
    public static double[] thetaOf(double[] weights) {
        double[] theta = new double[weights.length];
        for (int k = 0; k < theta.length; k++) {
            theta[k] = Math.log(Math.max(weights[k], 1e-9));
        }
        return theta;
    }
}
