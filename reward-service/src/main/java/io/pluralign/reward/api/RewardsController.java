package io.pluralign.reward.api;

import io.pluralign.reward.domain.Scorer;
import io.pluralign.servicekit.web.Blocking;
import io.pluralign.servicekit.web.Caller;
import io.pluralign.servicekit.web.InvalidInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/rewards/score} (a user's reward for each of up to {@value #MAX_RESPONSES} answers to a prompt) and
 * {@code POST /v1/rewards/compare} (the probability that the user prefers answer a to answer b), from the tenant's
 * current reward model version.
 */
@RestController
class RewardsController {
    static final int MAX_RESPONSES = 64;

    private final Scorer scorer;

    RewardsController(Scorer scorer) {
        this.scorer = scorer;
    }

    private record Question(String user, String system, String prompt) {}

    private static Question question(JsonNode body, InvalidInput errors) {
        String user = text(body, "user");
        if (user == null || user.isBlank()) {
            errors.add("user", "is required: the end user whose reward it is");
        }
        String prompt = text(body, "prompt");
        if (prompt == null) {
            errors.add("prompt", "is required");
        }
        return new Question(user, text(body, "system"), prompt);
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v != null && v.isString() ? v.asString() : null;
    }

    @PostMapping("/v1/rewards/score")
    Mono<Map<String, Object>> score(@RequestBody JsonNode body, Caller caller) {
        InvalidInput errors = new InvalidInput();
        Question q = question(body, errors);
        List<String> responses = new ArrayList<>();
        JsonNode list = body.get("responses");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_RESPONSES) {
            errors.add("responses", "must be an array of 1 to " + MAX_RESPONSES + " answers");
        } else {
            for (int i = 0; i < list.size(); i++) {
                if (!list.get(i).isString() || list.get(i).asString().isBlank()) {
                    errors.add("responses[" + i + "]", "must be a non-empty string");
                } else {
                    responses.add(list.get(i).asString());
                }
            }
        }
        errors.throwIfAny();
        return Blocking.call(() -> {
            Scorer.Scored s = scorer.score(caller.tenantId(), q.user(), q.system(), q.prompt(), responses);
            Map<String, Object> out = header(q, s);
            out.put("rewards", Arrays.stream(s.rewards()).boxed().toList());
            return out;
        });
    }

    @PostMapping("/v1/rewards/compare")
    Mono<Map<String, Object>> compare(@RequestBody JsonNode body, Caller caller) {
        InvalidInput errors = new InvalidInput();
        Question q = question(body, errors);
        for (String side : List.of("a", "b")) {
            String v = text(body, side);
            if (v == null || v.isBlank()) {
                errors.add(side, "is required: the two answers to compare are a and b");
            }
        }
        errors.throwIfAny();
        return Blocking.call(() -> {
            Scorer.Scored s = scorer.score(
                    caller.tenantId(), q.user(), q.system(), q.prompt(), List.of(text(body, "a"), text(body, "b")));
            Map<String, Object> out = header(q, s);
            double margin = s.rewards()[0] - s.rewards()[1];
            out.put("probability", 1 / (1 + Math.exp(-margin)));
            out.put("rewards", Map.of("a", s.rewards()[0], "b", s.rewards()[1]));
            return out;
        });
    }

    private static Map<String, Object> header(Question q, Scorer.Scored s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", q.user());
        out.put("rewardModelVersion", s.rewardModelVersion());
        out.put(
                "weights",
                Map.of(
                        "source",
                        s.weightsSource(),
                        "values",
                        Arrays.stream(s.weights()).boxed().toList()));
        return out;
    }
}
