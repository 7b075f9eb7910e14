package io.pluralign.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pluralign.contracts.steering.SteeringApplied;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Payload of {@link EventTypes#GENERATION_COMPLETED}: one generated answer (one choice of a completion), so that
 * feedback can name it by {@code generationId}.
 *
 * @param generationId unique id of this answer; feedback refers to it
 * @param completionId the API response it was part of ({@code chatcmpl-...} or {@code cmpl-...})
 * @param choiceIndex its index among the response's choices
 * @param userId the request's {@code user}, or null when it named none
 * @param model the model that generated it
 * @param messages the prompt as chat messages (a plain completion is one user message with {@code raw} true)
 * @param raw true for {@code /v1/completions}, where the prompt was not chat-formatted
 * @param response the generated text
 * @param finishReason {@code stop}, {@code length} or {@code cancelled}
 * @param seed the sampling seed used
 * @param steering what steering was applied
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GenerationCompleted(
        String generationId,
        String completionId,
        int choiceIndex,
        String tenantId,
        String userId,
        String model,
        List<Message> messages,
        boolean raw,
        String response,
        String finishReason,
        int promptTokens,
        int completionTokens,
        long seed,
        SteeringApplied steering,
        Instant completedAt) {

    public GenerationCompleted {
        Objects.requireNonNull(generationId, "generationId");
        Objects.requireNonNull(tenantId, "tenantId");
        messages = List.copyOf(messages);
    }

    /** One chat message of the prompt. */
    public record Message(String role, String content) {}
}
