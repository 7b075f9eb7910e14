package io.pluralign.steering.domain;

/**
 * Two answers to the same prompt, one expressing a concept (positive) and one its opposite (negative), everything else
 * equal. Without a prompt the texts are read as answers to an empty user turn.
 *
 * @param system an optional system message, or null
 * @param prompt the user turn, or null
 */
public record ContrastPair(String system, String prompt, String positive, String negative) {
    public ContrastPair {
        if (positive == null || positive.isBlank() || negative == null || negative.isBlank()) {
            throw new IllegalArgumentException("a contrast pair needs a non-empty positive and negative text");
        }
    }
}
