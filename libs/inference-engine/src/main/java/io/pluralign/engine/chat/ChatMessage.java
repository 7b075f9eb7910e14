package io.pluralign.engine.chat;

import java.util.Objects;

/**
 * One turn of a conversation as a chat template sees it: {@code message['role']} and {@code message['content']}.
 *
 * @param role who speaks, usually {@code system}, {@code user} or {@code assistant}; which roles are accepted, and in
 *     which order, is up to the model's template
 * @param content the text of the turn, passed to the template as it is (not trimmed, not escaped)
 */
public record ChatMessage(String role, String content) {

    /** @throws NullPointerException if the role or the content is null */
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    /** A {@code system} turn. */
    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    /** A {@code user} turn. */
    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    /** An {@code assistant} turn. */
    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content);
    }
}
