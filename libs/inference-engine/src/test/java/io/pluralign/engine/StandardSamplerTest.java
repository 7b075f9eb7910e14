package io.pluralign.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardSamplerTest {

    private static final float[] LOGITS = {2.0f, 1.0f, 0.5f, 3.0f, -1.0f, 2.9f};

    @Test
    void greedyTakesTheLargestLogit() {
        assertThat(sampler(SamplingParams.greedy(1)).sample(LOGITS, 0, 6, new int[0], 0))
                .isEqualTo(3);
    }

    @Test
    void topKOfOneAndATinyTopPAreGreedyWhateverTheSeed() {
        for (long seed = 0; seed < 50; seed++) {
            assertThat(sampler(SamplingParams.sampled(5f, seed, 1).withTopK(1)).sample(LOGITS, 0, 6, new int[0], 0))
                    .isEqualTo(3);
            assertThat(sampler(SamplingParams.sampled(1f, seed, 1).withTopP(0.01f))
                            .sample(LOGITS, 0, 6, new int[0], 0))
                    .isEqualTo(3);
        }
    }

    @Test
    void topKTwoOnlyEverPicksTheTwoLargest() {
        Map<Integer, Integer> counts = draw(SamplingParams.sampled(2f, 1, 1).withTopK(2), 2000);
        assertThat(counts.keySet()).containsExactlyInAnyOrder(3, 5);
    }

    @Test
    void temperatureSamplingFollowsTheSoftmax() {
        Map<Integer, Integer> counts = draw(SamplingParams.sampled(1f, 7, 1), 20000);
        double sum = 0;
        for (float l : LOGITS) {
            sum += Math.exp(l);
        }
        for (int t = 0; t < LOGITS.length; t++) {
            double expected = Math.exp(LOGITS[t]) / sum;
            assertThat(counts.getOrDefault(t, 0) / 20000.0)
                    .as("token %d", t)
                    .isCloseTo(expected, org.assertj.core.data.Offset.offset(0.015));
        }
    }

    @Test
    void theRepetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsOfSeenTokens() {
        SamplingParams penalised = SamplingParams.greedy(1).withRepetitionPenalty(2f);
        // token 3 (3.0 -> 1.5) falls below token 5 (2.9, unseen)
        assertThat(sampler(penalised).sample(LOGITS, 0, 6, new int[] {3}, 1)).isEqualTo(5);
        // both seen: 1.5 and 1.45 lose to token 0 (2.0)
        assertThat(sampler(penalised).sample(LOGITS, 0, 6, new int[] {3, 5}, 2)).isEqualTo(0);
    }

    @Test
    void aRowIsReadAtItsOffsetInTheBatch() {
        float[] batch = new float[12];
        System.arraycopy(LOGITS, 0, batch, 6, 6);
        assertThat(sampler(SamplingParams.greedy(1)).sample(batch, 6, 6, new int[0], 0))
                .isEqualTo(3);
    }

    private static Map<Integer, Integer> draw(SamplingParams params, int n) {
        StandardSampler sampler = sampler(params);
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(sampler.sample(LOGITS, 0, 6, new int[0], 0), 1, Integer::sum);
        }
        return counts;
    }

    private static StandardSampler sampler(SamplingParams params) {
        return new StandardSampler(params.withStop(List.of()));
    }
}
