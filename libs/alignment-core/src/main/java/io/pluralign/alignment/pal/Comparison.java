package io.pluralign.alignment.pal;

/**
 * One pairwise preference: {@code user} preferred the item embedded as {@code chosen} to the one embedded as {@code
 * rejected} (embeddings of prompt and response from the base model).
 */
public record Comparison(String user, double[] chosen, double[] rejected) {
    public Comparison {
        if (chosen.length != rejected.length) {
            throw new IllegalArgumentException("chosen and rejected embeddings differ in length");
        }
    }
}
