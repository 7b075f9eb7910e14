package io.pluralign.engine;

/** Picks the next token of one sequence from its logits. */
@FunctionalInterface
public interface Sampler {

    /**
     * @param logits the whole batch's logits; this row's are {@code [offset, offset + vocab)}
     * @param history the sequence's prompt and generated tokens so far (for repetition penalties)
     */
    int sample(float[] logits, int offset, int vocab, int[] history, int historyLength);
}
