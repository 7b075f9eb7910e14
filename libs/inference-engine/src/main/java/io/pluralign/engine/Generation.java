package io.pluralign.engine;

import java.util.concurrent.CompletableFuture;

/** A submitted request: its eventual result, and a way to stop it early. */
public interface Generation {

    /** Asks the engine to stop this sequence before its next step; the result then finishes as CANCELLED. */
    void cancel();

    /** Completes with the result, or exceptionally when the engine failed. */
    CompletableFuture<GenerationResult> result();
}
