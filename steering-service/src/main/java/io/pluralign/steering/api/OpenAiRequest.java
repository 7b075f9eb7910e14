package io.pluralign.steering.api;

import io.pluralign.contracts.events.GenerationCompleted;
import io.pluralign.steering.domain.UserSteering;
import java.util.List;

/**
 * A chat or text completion request as the OpenAI API defines it, validated.
 *
 * @param messages the conversation (chat completions), else null
 * @param prompts the prompts (text completions), else null
 * @param maxTokens null when the request named none
 * @param seed null for a random seed
 * @param rerank whether the choices are ordered by the user's reward (best-of-n), highest first
 */
record OpenAiRequest(
        String model,
        List<GenerationCompleted.Message> messages,
        List<String> prompts,
        Integer maxTokens,
        float temperature,
        float topP,
        int n,
        Long seed,
        List<String> stop,
        boolean stream,
        boolean includeUsage,
        String user,
        UserSteering.Request steering,
        boolean echo,
        boolean rerank) {}
