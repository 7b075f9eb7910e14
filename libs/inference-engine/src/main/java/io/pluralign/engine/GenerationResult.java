package io.pluralign.engine;

/** A finished sequence: its generated tokens and text (stop strings and end tokens excluded), and why it stopped. */
public record GenerationResult(int[] tokens, String text, FinishReason finishReason, int promptTokens) {

    public GenerationResult {
        tokens = tokens.clone();
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    public int completionTokens() {
        return tokens.length;
    }
}
