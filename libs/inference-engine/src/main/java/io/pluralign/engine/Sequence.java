package io.pluralign.engine;

import java.util.concurrent.CompletableFuture;

/** One request inside the engine: its tokens so far, sampler, text stream and where it is in the cache. */
final class Sequence implements Generation {

    final GenerationRequest request;
    final TokenListener listener;
    final Sampler sampler;
    final TextStream stream;
    final int promptLength;
    final int[] tokens; // prompt followed by generated tokens
    final int[] stopTokens;
    final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
    int length; // tokens[0, length) are valid
    int cached; // tokens whose keys and values are in the cache
    volatile boolean cancelRequested;
    FinishReason finishing; // set on the engine thread once the sequence should leave the batch

    Sequence(
            GenerationRequest request,
            TokenListener listener,
            TextTokenizer tokenizer,
            int[] stopTokens,
            int capacity) {
        this.request = request;
        this.listener = listener;
        this.sampler = new StandardSampler(request.sampling());
        this.stream = new TextStream(tokenizer, request.sampling().stop());
        int[] prompt = request.promptTokens();
        this.promptLength = prompt.length;
        this.tokens = new int[capacity];
        System.arraycopy(prompt, 0, tokens, 0, prompt.length);
        this.length = prompt.length;
        this.stopTokens = stopTokens;
    }

    int generated() {
        return length - promptLength;
    }

    boolean isStopToken(int token) {
        for (int t : stopTokens) {
            if (t == token) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void cancel() {
        cancelRequested = true;
    }

    @Override
    public CompletableFuture<GenerationResult> result() {
        return result;
    }
}
