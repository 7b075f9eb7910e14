package io.pluralign.engine;

/** Why a sequence stopped (the OpenAI API's finish_reason values, plus cancellation). */
public enum FinishReason {
    /** An end-of-sequence token or a stop string. */
    STOP,
    /** max_tokens, or the context length. */
    LENGTH,
    /** The caller cancelled it. */
    CANCELLED
}
