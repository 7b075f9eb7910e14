package io.pluralign.engine.bundled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pluralign.engine.bundled.CorpusGenerator.ContrastPair;
import io.pluralign.engine.bundled.CorpusGenerator.Style;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StyleLexiconTest {
    private static final int SAMPLES = 150;

    @Test
    void ranksGeneratedAnswersOfTheTwoPolesApart() {
        CorpusGenerator g = new CorpusGenerator(21);
        for (StyleAxis axis : StyleAxis.values()) {
            Random r = new Random(axis.ordinal());
            double[] high = new double[SAMPLES];
            double[] low = new double[SAMPLES];
            int rightSign = 0;
            for (int i = 0; i < SAMPLES; i++) {
                Style others = g.randomStyle(r); // other axes drawn as in the corpus, several at once
                high[i] = StyleLexicon.score(
                        axis, g.example(i, others.with(axis, 1)).assistant());
                low[i] = StyleLexicon.score(
                        axis, g.example(i, others.with(axis, -1)).assistant());
                rightSign += (high[i] > 0 ? 1 : 0) + (low[i] < 0 ? 1 : 0);
            }
            // probability that a random high-pole answer scores above a random low-pole one
            double auc = 0;
            for (double h : high) {
                for (double l : low) {
                    auc += h > l ? 1 : h == l ? 0.5 : 0;
                }
            }
            auc /= (double) SAMPLES * SAMPLES;
            assertThat(auc).as(axis + " AUC").isGreaterThan(0.97);
            assertThat(rightSign / (2.0 * SAMPLES)).as(axis + " sign accuracy").isGreaterThan(0.9);
        }
    }

    @Test
    void scoresTheContrastPairsInTheirOrder() {
        CorpusGenerator g = new CorpusGenerator(4);
        for (StyleAxis axis : StyleAxis.values()) {
            int ordered = 0;
            for (ContrastPair p : g.contrastPairs(axis, 60)) {
                ordered += StyleLexicon.score(axis, p.positive()) > StyleLexicon.score(axis, p.negative()) ? 1 : 0;
            }
            assertThat(ordered).as(axis.id()).isGreaterThanOrEqualTo(57);
        }
    }

    @Test
    void otherAxesDoNotLeakIntoAnAxisScore() {
        // answers neutral on an axis score about zero on it whatever the other axes are
        CorpusGenerator g = new CorpusGenerator(8);
        Random r = new Random(1);
        for (StyleAxis axis : StyleAxis.values()) {
            if (axis == StyleAxis.FORMALITY || axis == StyleAxis.VERBOSITY) {
                continue; // neutral formality has contractions half the time; verbosity counts length
            }
            double sum = 0;
            for (int i = 0; i < 120; i++) {
                sum += StyleLexicon.score(
                        axis, g.example(i, g.randomStyle(r).with(axis, 0)).assistant());
            }
            assertThat(sum / 120).as(axis.id()).isCloseTo(0, within(0.08));
        }
    }

    @Test
    void readsHandWrittenSentences() {
        assertThat(StyleLexicon.score(StyleAxis.NEUROTICISM, "I am so worried, what if it all goes wrong?"))
                .isPositive();
        assertThat(StyleLexicon.score(StyleAxis.NEUROTICISM, "Relax, there is nothing to worry about."))
                .isNegative();
        assertThat(StyleLexicon.score(StyleAxis.FORMALITY, "Furthermore, it is advisable to obtain a receipt."))
                .isPositive();
        assertThat(StyleLexicon.score(StyleAxis.FORMALITY, "Yeah, just grab one, it's super cheap lol."))
                .isNegative();
        assertThat(StyleLexicon.score(StyleAxis.SENTIMENT, "What a wonderful day, I love it."))
                .isPositive();
        assertThat(StyleLexicon.score(StyleAxis.SENTIMENT, "It was never fun, sadly."))
                .isNegative();
        assertThat(StyleLexicon.score(StyleAxis.EXTRAVERSION, "Invite your friends and throw a party!"))
                .isPositive();
        assertThat(StyleLexicon.score(StyleAxis.EXTRAVERSION, "Stay home alone and enjoy the quiet."))
                .isNegative();
        assertThat(StyleLexicon.score(StyleAxis.CONSCIENTIOUSNESS, "Skip the plan and wing it."))
                .isNegative();
        assertThat(StyleLexicon.score(StyleAxis.AGREEABLENESS, "I do not care, figure it out yourself."))
                .isNegative();
        assertThat(StyleLexicon.score(StyleAxis.OPENNESS, "Imagine something unusual and creative."))
                .isPositive();
        assertThat(StyleLexicon.score(StyleAxis.OPENNESS, "Stick to the traditional way."))
                .isNegative();
    }

    @Test
    void textWithoutMarkersIsNeutralAndScoresStayInRange() {
        String plain = "Water the tomatoes in the morning and check the soil.";
        for (StyleAxis axis : StyleAxis.values()) {
            if (axis != StyleAxis.VERBOSITY) {
                assertThat(StyleLexicon.score(axis, plain)).as(axis.id()).isZero();
            }
        }
        String loaded = "Wonderful, wonderful, great, lovely, fantastic! ".repeat(50);
        StyleLexicon.scores(loaded).values().forEach(v -> assertThat(v).isBetween(-1.0, 1.0));
        assertThat(StyleLexicon.score(StyleAxis.VERBOSITY, "Done."))
                .isLessThan(StyleLexicon.score(StyleAxis.VERBOSITY, "For example, " + plain.repeat(8)));
    }
}
