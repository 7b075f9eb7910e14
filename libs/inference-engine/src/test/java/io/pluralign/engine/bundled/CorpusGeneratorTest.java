package io.pluralign.engine.bundled;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.engine.bundled.CorpusGenerator.ContrastPair;
import io.pluralign.engine.bundled.CorpusGenerator.Example;
import io.pluralign.engine.bundled.CorpusGenerator.Style;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CorpusGeneratorTest {
    private static final Pattern CONTRACTION =
            Pattern.compile("\\b(\\w+'(t|re|ll|ve|m|d)|(it|that|there|what|here|let)'s)\\b", Pattern.CASE_INSENSITIVE);
    private static List<Example> examples;

    @BeforeAll
    static void generate() {
        examples = new CorpusGenerator(11).examples(2000);
    }

    @Test
    void sameSeedSameCorpusAndExamplesDoNotDependOnCount() {
        List<Example> again = new CorpusGenerator(11).examples(50);
        assertThat(again).isEqualTo(examples.subList(0, 50));
        assertThat(new CorpusGenerator(11).example(1234)).isEqualTo(examples.get(1234));
        List<Example> other = new CorpusGenerator(12).examples(50);
        assertThat(other.stream().map(Example::assistant))
                .doesNotContainAnyElementsOf(
                        examples.stream().limit(50).map(Example::assistant).toList());
    }

    @Test
    void answersAreAllDifferentAndSpreadOverManyTopics() {
        CorpusFiles.Stats stats = CorpusFiles.stats(examples);
        assertThat(stats.distinctAnswers()).isEqualTo(examples.size());
        assertThat(stats.distinctQuestions()).isGreaterThan(examples.size() / 2);
        assertThat(stats.topics()).hasSizeGreaterThanOrEqualTo(30);
        assertThat(new CorpusGenerator(1).topics()).hasSizeGreaterThanOrEqualTo(30);
        // moderate vocabulary: thousands of word types, not tens of thousands
        assertThat(stats.wordTypes()).isBetween(1000, 6000);
    }

    @Test
    void answerOpeningsVary() {
        // a model must not be able to predict the answer from a handful of memorised first sentences
        Set<String> openings = new HashSet<>();
        for (Example e : examples) {
            openings.add(e.assistant().split("[.!?:]")[0]);
        }
        assertThat(openings.size()).isGreaterThan(examples.size() / 2);
    }

    @Test
    void everyPoleAndNeutralOccurAndAxesAreIndependent() {
        CorpusFiles.Stats stats = CorpusFiles.stats(examples);
        for (StyleAxis axis : StyleAxis.values()) {
            Map<String, Integer> poles = stats.labels().get(axis.id());
            int n = examples.size();
            assertThat(poles.get(axis.poleName(1))).as(axis + " high").isBetween(n / 5, n / 2);
            assertThat(poles.get(axis.poleName(-1))).as(axis + " low").isBetween(n / 5, n / 2);
            assertThat(poles.get("neutral")).as(axis + " neutral").isBetween(n / 4, 2 * n / 3);
        }
        // several axes at once: most answers carry three or more non-neutral axes
        long multi = examples.stream().filter(e -> activeAxes(e.style()) >= 3).count();
        assertThat(multi).isGreaterThan(examples.size() / 2);
        // independence: formal and casual are about equally common among extraverted answers
        long formal = examples.stream()
                .filter(e ->
                        e.style().sign(StyleAxis.EXTRAVERSION) > 0 && e.style().sign(StyleAxis.FORMALITY) > 0)
                .count();
        long casual = examples.stream()
                .filter(e ->
                        e.style().sign(StyleAxis.EXTRAVERSION) > 0 && e.style().sign(StyleAxis.FORMALITY) < 0)
                .count();
        assertThat((double) formal / casual).isBetween(0.75, 1.33);
    }

    private static int activeAxes(Style s) {
        int n = 0;
        for (StyleAxis a : StyleAxis.values()) {
            n += s.sign(a) != 0 ? 1 : 0;
        }
        return n;
    }

    @Test
    void textIsCleanProse() {
        Pattern leftovers = Pattern.compile("[{}\\[\\]()<>|]|  | [,.!?]|,,|\\.\\.");
        for (Example e : examples) {
            for (String turn : List.of(e.system(), e.user(), e.assistant())) {
                assertThat(turn).as(turn).doesNotContainPattern(leftovers).doesNotContain("\n");
                assertThat(Character.isUpperCase(turn.charAt(0))).as(turn).isTrue();
                assertThat(turn).as(turn).matches("(?s).*[.!?]");
            }
            assertThat(e.assistant()).doesNotContainPattern("\\b[Aa] [aeio]\\w");
        }
    }

    @Test
    void chatTextHasTheTrainingFormat() {
        Example e = examples.get(0);
        assertThat(e.chatText())
                .isEqualTo("<|bos|><|system|>\n" + e.system() + "<|end|>\n<|user|>\n" + e.user()
                        + "<|end|>\n<|assistant|>\n" + e.assistant() + "<|end|>\n");
    }

    @Test
    void verbosityChangesLengthAndFormalityChangesContractions() {
        double terse = meanWords(StyleAxis.VERBOSITY, -1);
        double neutral = meanWords(StyleAxis.VERBOSITY, 0);
        double verbose = meanWords(StyleAxis.VERBOSITY, 1);
        assertThat(terse * 2).isLessThan(neutral);
        assertThat(neutral * 1.8).isLessThan(verbose);

        assertThat(contractedShare(1)).isZero();
        assertThat(contractedShare(0)).isBetween(0.15, 0.6);
        assertThat(contractedShare(-1)).isGreaterThan(contractedShare(0) + 0.2);
    }

    private static double contractedShare(int formality) {
        return examples.stream()
                .filter(e -> e.style().sign(StyleAxis.FORMALITY) == formality)
                .mapToInt(e -> CONTRACTION.matcher(e.assistant()).find() ? 1 : 0)
                .average()
                .orElseThrow();
    }

    private static double meanWords(StyleAxis axis, int sign) {
        return examples.stream()
                .filter(e -> e.style().sign(axis) == sign)
                .mapToInt(e -> e.assistant().split("\\s+").length)
                .average()
                .orElseThrow();
    }

    @Test
    void styleHintsInTheSystemMessageAreTrue() {
        Phrasebook book = Phrasebook.standard();
        int hinted = 0;
        for (Example e : examples) {
            boolean any = false;
            for (StyleAxis axis : StyleAxis.values()) {
                for (int sign : new int[] {1, -1}) {
                    for (String hint : book.style(axis, sign).get("hint")) {
                        if (e.system().contains(hint)) {
                            any = true;
                            assertThat(e.style().sign(axis))
                                    .as(e.system() + " / " + e.style())
                                    .isEqualTo(sign);
                        }
                    }
                }
            }
            hinted += any ? 1 : 0;
        }
        // about DEFAULT_SYSTEM_HINT_RATE of the answers with some non-neutral axis
        assertThat(hinted).isBetween(examples.size() / 8, examples.size() / 4);
    }

    @Test
    void forcedStyleKeepsTopicQuestionAndContent() {
        CorpusGenerator g = new CorpusGenerator(5);
        Style style = Style.neutral().with(StyleAxis.SENTIMENT, 1).with(StyleAxis.FORMALITY, -1);
        Example e = g.example(42, style);
        assertThat(e.style()).isEqualTo(style);
        assertThat(e.topic()).isEqualTo(g.example(42).topic());
        assertThat(e.user()).isEqualTo(g.example(42).user());
    }

    @Test
    void contrastPairsDifferOnlyInTheirAxis() {
        CorpusGenerator g = new CorpusGenerator(3);
        for (StyleAxis axis : StyleAxis.values()) {
            for (int i = 0; i < 40; i++) {
                ContrastPair p = g.contrastPair(axis, i);
                assertThat(p.style().sign(axis)).isZero();
                assertThat(p.positive()).isNotEqualTo(p.negative());
                assertThat(p.positiveChat()).startsWith(ChatFormat.prompt(p.system(), p.user()));
                if (axis.isBigFive()) {
                    // same content: only the axis's own pieces (one or two, a sentence or two each) differ
                    List<String> pos = List.of(p.positive().split("(?<=[.!?]) "));
                    Set<String> neg = new HashSet<>(List.of(p.negative().split("(?<=[.!?]) ")));
                    long differing = pos.stream().filter(x -> !neg.contains(x)).count();
                    assertThat(differing)
                            .as(p.positive() + " / " + p.negative())
                            .isBetween(1L, 4L);
                }
            }
            assertThat(g.contrastPairs(axis, 3)).isEqualTo(new CorpusGenerator(3).contrastPairs(axis, 3));
        }
    }
}
