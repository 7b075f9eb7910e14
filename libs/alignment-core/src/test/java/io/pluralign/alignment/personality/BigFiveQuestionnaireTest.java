package io.pluralign.alignment.personality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pluralign.alignment.personality.BigFiveQuestionnaire.InvalidAnswers;
import io.pluralign.alignment.personality.BigFiveQuestionnaire.Item;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BigFiveQuestionnaireTest {

    @Test
    void fiftyItemsTenPerTraitWithBothKeyings() {
        assertThat(BigFiveQuestionnaire.items()).hasSize(50);
        Map<String, Long> perTrait = BigFiveQuestionnaire.items().stream()
                .collect(Collectors.groupingBy(Item::trait, Collectors.counting()));
        assertThat(perTrait.keySet()).containsExactlyInAnyOrderElementsOf(BigFiveQuestionnaire.TRAITS);
        assertThat(perTrait.values()).containsOnly(10L);
        assertThat(BigFiveQuestionnaire.items().get(0))
                .isEqualTo(new Item(1, "Am the life of the party.", "extraversion", false));
        assertThat(BigFiveQuestionnaire.items().get(1).reversed()).isTrue();
    }

    @Test
    void neutralAnswersScoreOneHalfAndKeyedExtremesScoreZeroAndOne() {
        assertThat(BigFiveQuestionnaire.score(all(3)).values())
                .allSatisfy(v -> assertThat(v).isEqualTo(0.5));
        Map<Integer, Integer> answers = all(3);
        for (Item item : BigFiveQuestionnaire.items()) {
            if (item.trait().equals("extraversion")) {
                answers.put(item.number(), item.reversed() ? 1 : 5);
            }
            if (item.trait().equals("neuroticism")) {
                answers.put(item.number(), item.reversed() ? 5 : 1);
            }
        }
        Map<String, Double> scores = BigFiveQuestionnaire.score(answers);
        assertThat(scores.get("extraversion")).isEqualTo(1.0);
        assertThat(scores.get("neuroticism")).isEqualTo(0.0);
        assertThat(scores.get("openness")).isEqualTo(0.5);
    }

    @Test
    void oneItemMovesItsTraitByATenthOfAStep() {
        Map<Integer, Integer> answers = all(3);
        answers.put(1, 4); // "Am the life of the party.", extraversion, keyed +
        assertThat(BigFiveQuestionnaire.score(answers).get("extraversion")).isCloseTo(0.5 + 0.1 / 4, within(1e-12));
    }

    @Test
    void missingUnknownAndOutOfRangeAnswersAreAllNamed() {
        Map<Integer, Integer> answers = all(3);
        answers.remove(7);
        answers.remove(12);
        answers.put(3, 6);
        answers.put(51, 2);
        assertThatThrownBy(() -> BigFiveQuestionnaire.score(answers))
                .isInstanceOfSatisfying(
                        InvalidAnswers.class,
                        e -> assertThat(e.problems())
                                .containsOnlyKeys("item 3", "item 51", "items")
                                .containsEntry("items", "are unanswered: [7, 12]"));
    }

    private static Map<Integer, Integer> all(int answer) {
        Map<Integer, Integer> answers = new HashMap<>();
        for (int i = 1; i <= 50; i++) {
            answers.put(i, answer);
        }
        return answers;
    }
}
