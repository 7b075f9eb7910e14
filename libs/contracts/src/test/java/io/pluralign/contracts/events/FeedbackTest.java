package io.pluralign.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeedbackTest {
    private static List<String> fields(Feedback f) {
        return f.problems().stream().map(p -> p[0]).toList();
    }

    @Test
    void pairwiseFeedbackByGenerationIdsOrByTextWithItsPrompt() {
        Feedback byIds = new Feedback(
                "t",
                "u",
                Feedback.PAIRWISE,
                null,
                new Feedback.Answer("gen-1", null),
                new Feedback.Answer("gen-2", null),
                null,
                null,
                null,
                null);
        assertThat(byIds.problems()).isEmpty();
        Feedback byText = new Feedback(
                "t",
                "u",
                Feedback.PAIRWISE,
                null,
                new Feedback.Answer(null, "short"),
                new Feedback.Answer(null, "long"),
                null,
                null,
                null,
                null);
        assertThat(fields(byText)).containsExactly("prompt");
    }

    @Test
    void eachKindNeedsItsOwnFields() {
        assertThat(fields(new Feedback(
                        "t",
                        "u",
                        Feedback.RATING,
                        null,
                        null,
                        null,
                        new Feedback.Answer("gen-1", null),
                        6,
                        null,
                        null)))
                .containsExactly("rating");
        assertThat(fields(new Feedback("t", "u", Feedback.THUMBS, null, null, null, null, null, null, null)))
                .containsExactly("response", "up");
        assertThat(fields(new Feedback("t:x", " ", "stars", null, null, null, null, null, null, null)))
                .containsExactly("tenantId", "userId", "kind");
        assertThat(fields(new Feedback(
                        "t",
                        "u",
                        Feedback.PAIRWISE,
                        "p",
                        new Feedback.Answer("gen-1", "both"),
                        null,
                        null,
                        null,
                        null,
                        null)))
                .containsExactly("chosen", "rejected");
    }
}
