package io.pluralign.engine.training;

/**
 * Model shape and optimisation settings of one training run.
 *
 * @param context tokens per training window (and the model's max_position_embeddings)
 * @param batch windows per step
 * @param steps optimizer steps
 * @param learningRate peak AdamW learning rate (after linear warmup, then cosine decay to a tenth)
 * @param validationFraction share of the token stream held out to measure the final loss
 */
public record TrainingConfig(
        int hidden,
        int layers,
        int heads,
        int kvHeads,
        int ffn,
        int context,
        int batch,
        int steps,
        int warmupSteps,
        float learningRate,
        float weightDecay,
        float validationFraction,
        long seed) {

    public TrainingConfig {
        if (hidden <= 0
                || layers <= 0
                || heads <= 0
                || kvHeads <= 0
                || ffn <= 0
                || context <= 1
                || batch <= 0
                || steps <= 0
                || warmupSteps < 0) {
            throw new IllegalArgumentException("training sizes must be positive");
        }
        if (hidden % heads != 0 || heads % kvHeads != 0) {
            throw new IllegalArgumentException("hidden must divide into heads, heads into kv heads");
        }
        if (!(learningRate > 0) || weightDecay < 0 || !(validationFraction > 0 && validationFraction < 0.5f)) {
            throw new IllegalArgumentException("learning rate, weight decay or validation fraction out of range");
        }
    }

    /** Learning rate at {@code step} (0-based). */
    float learningRateAt(int step) {
        if (step < warmupSteps) {
            return learningRate * (step + 1) / warmupSteps;
        }
        double progress = (double) (step - warmupSteps) / Math.max(1, steps - warmupSteps);
        return (float) (learningRate * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress))));
    }
}
