package io.pluralign.engine;

/**
 * Receives a sequence's tokens as they are produced, on the engine thread: implementations must return quickly and
 * never block (hand the token to a queue or a reactive sink), or every sequence in the batch waits.
 */
public interface TokenListener {

    /** A new token and the text it completes (may be empty while a multi-byte character or stop string is pending). */
    void onToken(int token, String text);

    /** The sequence finished. */
    default void onComplete(GenerationResult result) {}

    /** The engine failed while running the sequence. */
    default void onError(Throwable error) {}

    /** A listener that ignores the stream (use the result future). */
    TokenListener NONE = (token, text) -> {};
}
