package io.pluralign.trainer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluralign.contracts.events.Feedback;
import io.pluralign.contracts.events.GenerationCompleted;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonBuilderTest {

    private static Feedback pairwise(Feedback.Answer chosen, Feedback.Answer rejected) {
        return new Feedback("t", "u", Feedback.PAIRWISE, "Q?", chosen, rejected, null, null, null, null);
    }

    private static Feedback rating(String text, int rating) {
        return new Feedback(
                "t", "u", Feedback.RATING, "Q?", null, null, new Feedback.Answer(null, text), rating, null, null);
    }

    private static Feedback thumbs(String text, boolean up) {
        return new Feedback(
                "t", "u", Feedback.THUMBS, "Q?", null, null, new Feedback.Answer(null, text), null, up, null);
    }

    @Test
    void aPairwisePreferenceIsOneComparisonAndGenerationIdsBecomeTheirPromptAndAnswer() {
        GenerationCompleted g = new GenerationCompleted(
                "gen-1",
                "chatcmpl-1",
                0,
                "t",
                "u",
                "m",
                List.of(
                        new GenerationCompleted.Message("system", "Be brief."),
                        new GenerationCompleted.Message("user", "Hi?")),
                false,
                "Hello.",
                "stop",
                3,
                2,
                1,
                null,
                null);
        List<ComparisonBuilder.AnswerPair> pairs = ComparisonBuilder.of(
                List.of(new ComparisonBuilder.Item(
                        "e1",
                        "u",
                        pairwise(new Feedback.Answer("gen-1", null), new Feedback.Answer(null, "Go away.")))),
                Map.of("gen-1", g));
        assertThat(pairs).hasSize(1);
        assertThat(pairs.get(0).chosen()).isEqualTo(new Answer("Be brief.", "Hi?", "Hello."));
        assertThat(pairs.get(0).rejected()).isEqualTo(new Answer(null, "Q?", "Go away."));
        assertThat(pairs.get(0).eventIds()).containsExactly("e1");
    }

    @Test
    void ratingsAndThumbsArePairedWithinTheirKindHigherScoreChosen() {
        List<ComparisonBuilder.AnswerPair> pairs = ComparisonBuilder.of(
                List.of(
                        new ComparisonBuilder.Item("r1", "u", rating("good", 5)),
                        new ComparisonBuilder.Item("r2", "u", rating("bad", 1)),
                        new ComparisonBuilder.Item("r3", "u", rating("also good", 5)),
                        new ComparisonBuilder.Item("t1", "u", thumbs("up", true)),
                        new ComparisonBuilder.Item("t2", "u", thumbs("down", false))),
                Map.of());
        assertThat(pairs)
                .extracting(p -> p.chosen().response() + ">" + p.rejected().response())
                .containsExactlyInAnyOrder("good>bad", "also good>bad", "up>down");
    }

    @Test
    void anUnknownGenerationIsRefused() {
        assertThatThrownBy(() -> ComparisonBuilder.of(
                        List.of(new ComparisonBuilder.Item(
                                "e1",
                                "u",
                                pairwise(new Feedback.Answer("missing", null), new Feedback.Answer(null, "x")))),
                        Map.of()))
                .hasMessageContaining("missing");
    }

    @Test
    void theSameTextsMakeTheSameKeyAndAnyDifferenceAnother() {
        assertThat(new Answer(null, "p", "r").key()).isEqualTo(new Answer(null, "p", "r").key());
        assertThat(new Answer(null, "p", "r").key()).isNotEqualTo(new Answer("", "p", "r").key());
        assertThat(new Answer(null, "pr", "").key()).isNotEqualTo(new Answer(null, "p", "r").key());
    }

    @Test
    void steeringLayersAreTheMiddleThirdAndTheEmbeddingIsTheLastLayer() {
        AnswerActivations.Layout four = AnswerActivations.layoutFor("m", 4);
        assertThat(four.steeringLayers()).containsExactly(1, 2);
        assertThat(four.layers()).containsExactly(1, 2, 3);
        assertThat(four.embeddingLayer()).isEqualTo(3);
        AnswerActivations.Layout big = AnswerActivations.layoutFor("m", 32);
        assertThat(big.steeringLayers()).hasSize(11).startsWith(10).endsWith(20);
        assertThat(big.indexOf(31)).isEqualTo(11);
    }
}
