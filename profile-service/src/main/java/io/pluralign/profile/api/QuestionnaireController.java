package io.pluralign.profile.api;

import io.pluralign.alignment.personality.BigFiveQuestionnaire;
import io.pluralign.alignment.personality.BigFiveQuestionnaire.InvalidAnswers;
import io.pluralign.profile.domain.ETags;
import io.pluralign.profile.domain.Precondition;
import io.pluralign.profile.domain.ProfileProblem;
import io.pluralign.profile.domain.ProfileService;
import io.pluralign.profile.domain.UserKey;
import io.pluralign.servicekit.web.ApiException;
import io.pluralign.servicekit.web.Blocking;
import io.pluralign.servicekit.web.Caller;
import io.pluralign.servicekit.web.InvalidInput;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The IPIP 50-item Big Five questionnaire: {@code GET /v1/questionnaire} lists its statements, and {@code POST
 * /v1/users/{userId}/questionnaire} scores a user's answers into their profile's Big Five (source {@code
 * questionnaire}).
 */
@RestController
class QuestionnaireController {
    private static final List<String> SCALE = List.of(
            "very inaccurate",
            "moderately inaccurate",
            "neither accurate nor inaccurate",
            "moderately accurate",
            "very accurate");

    private final ProfileService profiles;

    QuestionnaireController(ProfileService profiles) {
        this.profiles = profiles;
    }

    /** A statement to answer from 1 to 5 (the trait it measures is not shown, so as not to steer the answer). */
    record Statement(int number, String text) {}

    /** The questionnaire: statements, the 1..5 scale's labels, and where the items come from. */
    record Questionnaire(String instructions, List<String> scale, List<Statement> items, String attribution) {}

    @GetMapping("/v1/questionnaire")
    Questionnaire questionnaire() {
        return new Questionnaire(
                "Describe yourself as you generally are now. Answer every statement from 1 (" + SCALE.get(0)
                        + ") to 5 (" + SCALE.get(4) + "), as {\"answers\": {\"1\": 4, \"2\": 2, ...}}.",
                SCALE,
                BigFiveQuestionnaire.items().stream()
                        .map(item -> new Statement(item.number(), item.text()))
                        .toList(),
                BigFiveQuestionnaire.ATTRIBUTION);
    }

    @PostMapping("/v1/users/{userId}/questionnaire")
    Mono<ResponseEntity<ProfileResponse>> answer(
            Caller caller,
            @PathVariable String userId,
            @RequestBody JsonNode body,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        UserKey user = ProfileController.userKey(caller, userId);
        Map<String, Double> scores = score(body);
        return Blocking.call(() -> profiles.answerQuestionnaire(
                        user,
                        scores,
                        Precondition.fromHeaders(ifMatch, null),
                        new ProfileService.Writer(caller.actor(), caller.isAdmin())))
                .map(written -> ResponseEntity.status(written.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .eTag(ETags.of(written.profile().version()))
                        .body(ProfileResponse.of(written.profile())))
                .onErrorMap(ProfileProblem.class, ProfileController::problem);
    }

    /** Trait scores from {"answers": {"1": 4, ...}}, or a 400 naming every unusable answer. */
    private static Map<String, Double> score(JsonNode body) {
        InvalidInput errors = new InvalidInput();
        JsonNode answers = body == null ? null : body.get("answers");
        if (answers == null || !answers.isObject()) {
            errors.add(
                    "answers", "must be an object of item number to answer 1-5, one per item of GET /v1/questionnaire");
            errors.throwIfAny();
        }
        Map<Integer, Integer> parsed = new HashMap<>();
        for (String item : answers.propertyNames()) {
            JsonNode answer = answers.get(item);
            Integer number = parseItem(item);
            if (number == null) {
                errors.add("answers." + item, "is not an item number");
            } else if (!answer.isIntegralNumber()) {
                errors.add("answers." + item, "must be a whole number from 1 to 5");
            } else {
                parsed.put(number, answer.asInt());
            }
        }
        errors.throwIfAny();
        try {
            return BigFiveQuestionnaire.score(parsed);
        } catch (InvalidAnswers e) {
            e.problems()
                    .forEach((where, message) -> errors.add(
                            where.equals("items") ? "answers" : "answers." + where.substring("item ".length()),
                            message));
            errors.throwIfAny();
            throw ApiException.badRequest(e.getMessage()); // not reached: there was at least one problem
        }
    }

    private static Integer parseItem(String item) {
        try {
            return Integer.valueOf(item);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
