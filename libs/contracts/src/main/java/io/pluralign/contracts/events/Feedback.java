package io.pluralign.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Payload of {@link EventTypes#FEEDBACK}: one user's feedback on generated answers, from an app (straight to Kafka) or
 * {@code POST /v1/feedback}. Answers are named by their {@code generationId} (from {@code generation.completed}) or
 * given as text with the prompt.
 *
 * @param kind {@value #PAIRWISE} (chosen over rejected), {@value #RATING} (1-5 for one answer) or {@value #THUMBS}
 * @param prompt the prompt, when answers are given as text
 * @param chosen pairwise: the preferred answer
 * @param rejected pairwise: the other answer
 * @param response rating and thumbs: the answer rated
 * @param rating 1 to 5, for {@value #RATING}
 * @param up true for thumbs up, for {@value #THUMBS}
 * @param givenAt when the user gave it, if known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Feedback(
        String tenantId,
        String userId,
        String kind,
        String prompt,
        Answer chosen,
        Answer rejected,
        Answer response,
        Integer rating,
        Boolean up,
        Instant givenAt) {

    public static final String PAIRWISE = "pairwise";
    public static final String RATING = "rating";
    public static final String THUMBS = "thumbs";
    public static final int MAX_TEXT = 20_000;

    /** An answer: the id of a served generation, or its text. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer(String generationId, String text) {}

    /** What is wrong with this feedback, field by field (JSON paths); empty when it is usable. */
    public List<String[]> problems() {
        List<String[]> out = new ArrayList<>();
        if (tenantId == null || tenantId.isBlank() || tenantId.indexOf(':') >= 0) {
            out.add(new String[] {"tenantId", "is required (without ':')"});
        }
        if (userId == null || userId.isBlank()) {
            out.add(new String[] {"userId", "is required"});
        }
        if (kind == null || !List.of(PAIRWISE, RATING, THUMBS).contains(kind)) {
            out.add(new String[] {"kind", "must be pairwise, rating or thumbs"});
            return out;
        }
        boolean textual = false;
        List<String> names = PAIRWISE.equals(kind) ? List.of("chosen", "rejected") : List.of("response");
        List<Answer> answers =
                PAIRWISE.equals(kind) ? java.util.Arrays.asList(chosen, rejected) : java.util.Arrays.asList(response);
        for (int i = 0; i < names.size(); i++) {
            Answer a = answers.get(i);
            if (a == null || blank(a.generationId()) == blank(a.text())) {
                out.add(new String[] {names.get(i), "must name a generationId or give a text (one of them)"});
            } else if (a.text() != null && a.text().length() > MAX_TEXT) {
                out.add(new String[] {names.get(i) + ".text", "must be at most " + MAX_TEXT + " characters"});
            } else {
                textual |= !blank(a.text());
            }
        }
        if (textual && blank(prompt)) {
            out.add(new String[] {"prompt", "is required when answers are given as text"});
        }
        if (RATING.equals(kind) && (rating == null || rating < 1 || rating > 5)) {
            out.add(new String[] {"rating", "must be 1 to 5"});
        }
        if (THUMBS.equals(kind) && up == null) {
            out.add(new String[] {"up", "must be true or false"});
        }
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
