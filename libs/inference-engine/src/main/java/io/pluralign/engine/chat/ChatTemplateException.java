package io.pluralign.engine.chat;

import java.util.Optional;

/**
 * A chat template could not be read, parsed or rendered, or the template itself refused the conversation with
 * {@code raise_exception(...)}. The message names the file the template came from.
 */
public class ChatTemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String refusal;

    ChatTemplateException(String message, String refusal, Throwable cause) {
        super(message, cause);
        this.refusal = refusal;
    }

    ChatTemplateException(String message, Throwable cause) {
        this(message, null, cause);
    }

    ChatTemplateException(String message) {
        this(message, null, null);
    }

    /**
     * The template's own message when it refused the conversation through {@code raise_exception(...)} (for example
     * a system turn the model does not take, or roles that do not alternate): the conversation is at fault, not the
     * model folder. Empty when the folder or its template is broken.
     */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }
}
