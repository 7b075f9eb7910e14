package io.pluralign.engine;

/** One sequence to generate: the prompt's token ids (already chat-formatted), how to sample, and its steering. */
public record GenerationRequest(int[] promptTokens, SamplingParams sampling, Steering steering) {

    public GenerationRequest {
        if (promptTokens == null || promptTokens.length == 0) {
            throw new IllegalArgumentException("the prompt must have at least one token");
        }
        if (sampling == null) {
            throw new IllegalArgumentException("sampling parameters must be given");
        }
        promptTokens = promptTokens.clone();
        steering = steering == null ? Steering.NONE : steering;
    }

    @Override
    public int[] promptTokens() {
        return promptTokens.clone();
    }
}
