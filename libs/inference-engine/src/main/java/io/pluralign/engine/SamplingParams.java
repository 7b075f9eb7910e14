package io.pluralign.engine;

import java.util.List;

/**
 * How one sequence picks its tokens and when it stops.
 *
 * @param temperature 0 for greedy decoding
 * @param topK 0 to keep every token
 * @param topP 1 to keep every token
 * @param repetitionPenalty 1 for none; above 1 discourages tokens already in the prompt or output
 * @param seed the random seed; the same seed and inputs give the same tokens
 * @param maxTokens the most tokens to generate
 * @param stop strings that end generation (not included in the output)
 */
public record SamplingParams(
        float temperature, int topK, float topP, float repetitionPenalty, long seed, int maxTokens, List<String> stop) {

    public SamplingParams {
        check(temperature >= 0 && Float.isFinite(temperature), "temperature must be >= 0");
        check(topK >= 0, "top_k must be >= 0");
        check(topP > 0 && topP <= 1, "top_p must be in (0, 1]");
        check(repetitionPenalty > 0 && Float.isFinite(repetitionPenalty), "repetition_penalty must be > 0");
        check(maxTokens > 0, "max_tokens must be > 0");
        stop = List.copyOf(stop);
        for (String s : stop) {
            check(!s.isEmpty(), "stop strings must not be empty");
        }
    }

    /** Greedy decoding of up to {@code maxTokens} tokens. */
    public static SamplingParams greedy(int maxTokens) {
        return new SamplingParams(0, 0, 1, 1, 0, maxTokens, List.of());
    }

    /** Temperature sampling with a seed. */
    public static SamplingParams sampled(float temperature, long seed, int maxTokens) {
        return new SamplingParams(temperature, 0, 1, 1, seed, maxTokens, List.of());
    }

    public SamplingParams withTopK(int k) {
        return new SamplingParams(temperature, k, topP, repetitionPenalty, seed, maxTokens, stop);
    }

    public SamplingParams withTopP(float p) {
        return new SamplingParams(temperature, topK, p, repetitionPenalty, seed, maxTokens, stop);
    }

    public SamplingParams withRepetitionPenalty(float penalty) {
        return new SamplingParams(temperature, topK, topP, penalty, seed, maxTokens, stop);
    }

    public SamplingParams withSeed(long s) {
        return new SamplingParams(temperature, topK, topP, repetitionPenalty, s, maxTokens, stop);
    }

    public SamplingParams withStop(List<String> strings) {
        return new SamplingParams(temperature, topK, topP, repetitionPenalty, seed, maxTokens, strings);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
