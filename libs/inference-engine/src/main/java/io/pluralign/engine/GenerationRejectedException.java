package io.pluralign.engine;

/** A request the engine refused up front: it could never fit, or the engine is saturated right now. */
public class GenerationRejectedException extends RuntimeException {

    /** Why it was refused. */
    public enum Reason {
        /** Prompt plus max_tokens exceed the context length: retrying does not help. */
        CONTEXT_LENGTH,
        /** Too many requests are waiting: retry later. */
        OVERLOADED,
        /** The engine is shut down. */
        CLOSED
    }

    private final Reason reason;

    public GenerationRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
