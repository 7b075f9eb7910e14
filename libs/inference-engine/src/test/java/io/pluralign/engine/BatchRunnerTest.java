package io.pluralign.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchRunnerTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2", "mistral", "gpt2"})
    void decodingWithTheKvCacheGivesTheLogitsOfAFullRecompute(String family) {
        try (LanguageModel model = LanguageModel.load(TinyModels.write(family, dir.resolve(family)));
                BatchRunner runner = new BatchRunner(model, 2, 32, 0)) {
            int[] tokens = randomTokens(12, 1);
            float[][] full = model.logits(tokens);
            int prompt = 5;
            float[] logits = runner.prefill(
                    0, List.of(java.util.Arrays.copyOf(tokens, prompt)), new int[] {0}, List.of(Steering.NONE));
            assertClose(logits, full[prompt - 1], 1e-5f);
            for (int pos = prompt; pos < tokens.length; pos++) {
                logits = runner.decode(new int[] {tokens[pos]}, new int[] {pos}, List.of(Steering.NONE));
                assertClose(logits, full[pos], 1e-5f);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2", "mistral", "gpt2"})
    void aBatchOfMixedLengthSequencesEqualsEachRunAlone(String family) {
        try (LanguageModel model = LanguageModel.load(TinyModels.write(family, dir.resolve(family)));
                BatchRunner batch = new BatchRunner(model, 3, 32, 0);
                BatchRunner alone = new BatchRunner(model, 1, 32, 0)) {
            int vocab = model.config().vocabSize();
            List<int[]> prompts = List.of(randomTokens(7, 2), randomTokens(3, 3), randomTokens(10, 4));
            List<Steering> none = Collections.nCopies(3, Steering.NONE);
            float[] batched = batch.prefill(0, prompts, new int[3], none);
            int[] positions = {7, 3, 10};
            List<float[]> batchedSteps = new ArrayList<>();
            for (int step = 0; step < 4; step++) {
                int[] next = {step + 5, step + 9, step + 13};
                batchedSteps.add(batch.decode(next, positions.clone(), none));
                for (int r = 0; r < 3; r++) {
                    positions[r]++;
                }
            }
            for (int r = 0; r < 3; r++) {
                float[] first = alone.prefill(0, List.of(prompts.get(r)), new int[1], List.of(Steering.NONE));
                assertClose(slice(batched, r, vocab), first, 1e-5f);
                int pos = prompts.get(r).length;
                for (int step = 0; step < 4; step++) {
                    int token = new int[] {step + 5, step + 9, step + 13}[r];
                    float[] single = alone.decode(new int[] {token}, new int[] {pos++}, List.of(Steering.NONE));
                    assertClose(slice(batchedSteps.get(step), r, vocab), single, 1e-5f);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "gpt2"})
    void aZeroVectorOrAVectorOnAnotherRowLeavesARowBitIdentical(String family) {
        try (LanguageModel model = LanguageModel.load(TinyModels.write(family, dir.resolve(family)));
                BatchRunner runner = new BatchRunner(model, 2, 32, 0)) {
            int h = model.config().hiddenSize();
            int vocab = model.config().vocabSize();
            List<int[]> prompts = List.of(randomTokens(6, 5), randomTokens(6, 6));
            float[] plain = runner.prefill(0, prompts, new int[2], List.of(Steering.NONE, Steering.NONE));
            float[] zero = runner.prefill(
                    0, prompts, new int[2], List.of(Steering.of(Map.of(0, new float[h])), Steering.NONE));
            assertThat(zero).containsExactly(plain);
            Steering push = Steering.of(Map.of(1, randomVector(h, 7, 0.5f)));
            float[] steered = runner.prefill(0, prompts, new int[2], List.of(Steering.NONE, push));
            assertThat(slice(steered, 0, vocab)).containsExactly(slice(plain, 0, vocab));
            assertThat(slice(steered, 1, vocab)).isNotEqualTo(slice(plain, 1, vocab));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "gpt2"})
    void forSmallCoefficientsTheEffectIsLinearInTheCoefficient(String family) {
        try (LanguageModel model = LanguageModel.load(TinyModels.write(family, dir.resolve(family)));
                BatchRunner runner = new BatchRunner(model, 1, 32, 0)) {
            int h = model.config().hiddenSize();
            List<int[]> prompt = List.of(randomTokens(6, 8));
            Steering direction = Steering.of(Map.of(0, randomVector(h, 9, 1f)));
            float[] base = runner.prefill(0, prompt, new int[1], List.of(Steering.NONE));
            float[] small = runner.prefill(0, prompt, new int[1], List.of(direction.scaled(0.0005f)));
            float[] twice = runner.prefill(0, prompt, new int[1], List.of(direction.scaled(0.001f)));
            double maxDelta = 0;
            double maxNonlinearity = 0;
            for (int i = 0; i < base.length; i++) {
                double d1 = small[i] - base[i];
                double d2 = twice[i] - base[i];
                maxDelta = Math.max(maxDelta, Math.abs(d1));
                maxNonlinearity = Math.max(maxNonlinearity, Math.abs(d2 - 2 * d1));
            }
            assertThat(maxDelta).isGreaterThan(1e-5);
            assertThat(maxNonlinearity).isLessThan(0.05 * maxDelta);
        }
    }

    static int[] randomTokens(int length, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] t = new int[length];
        for (int i = 0; i < length; i++) {
            t[i] = r.nextInt(97);
        }
        return t;
    }

    static float[] randomVector(int h, long seed, float norm) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[h];
        double sum = 0;
        for (int i = 0; i < h; i++) {
            v[i] = (float) (r.nextDouble() - 0.5);
            sum += v[i] * v[i];
        }
        for (int i = 0; i < h; i++) {
            v[i] *= (float) (norm * Math.sqrt(h) / Math.sqrt(sum));
        }
        return v;
    }

    static float[] slice(float[] flat, int row, int width) {
        return java.util.Arrays.copyOfRange(flat, row * width, (row + 1) * width);
    }

    static void assertClose(float[] actual, float[] expected, float tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        float worst = 0;
        for (int i = 0; i < actual.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        }
        assertThat(worst).as("largest logit difference").isLessThanOrEqualTo(tolerance);
    }
}
