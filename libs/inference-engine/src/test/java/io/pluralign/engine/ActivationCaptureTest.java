package io.pluralign.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivationCaptureTest {

    @TempDir
    Path dir;

    @Test
    void aBatchOfTextsCapturesWhatEachTextGivesAlone() {
        try (LanguageModel model = LanguageModel.load(TinyModels.write("llama", dir.resolve("llama")))) {
            List<int[]> texts = List.of(
                    BatchRunnerTest.randomTokens(9, 1),
                    BatchRunnerTest.randomTokens(4, 2),
                    BatchRunnerTest.randomTokens(6, 3));
            int[] layers = {0, 1};
            for (Pooling pooling : new Pooling[] {Pooling.LAST_TOKEN, Pooling.MEAN, Pooling.mean(1, -1)}) {
                float[][][] batched = model.capture(texts, layers, pooling);
                for (int t = 0; t < texts.size(); t++) {
                    float[][][] alone = model.capture(List.of(texts.get(t)), layers, pooling);
                    for (int l = 0; l < layers.length; l++) {
                        BatchRunnerTest.assertClose(batched[t][l], alone[0][l], 1e-5f);
                    }
                }
            }
        }
    }

    @Test
    void meanPoolingAveragesTheLastTokenActivationsOfEachPrefix() {
        try (LanguageModel model = LanguageModel.load(TinyModels.write("gpt2", dir.resolve("gpt2")))) {
            int[] text = BatchRunnerTest.randomTokens(5, 4);
            float[] mean = model.capture(List.of(text), new int[] {1}, Pooling.mean(2, 5))[0][0];
            float[] expected = new float[mean.length];
            for (int end = 3; end <= 5; end++) {
                float[] last = model.capture(
                                List.of(java.util.Arrays.copyOf(text, end)), new int[] {1}, Pooling.LAST_TOKEN)[0][0];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] += last[i] / 3;
                }
            }
            BatchRunnerTest.assertClose(mean, expected, 1e-5f);
        }
    }

    @Test
    void capturedActivationsAreWhatSteeringAddsTo() {
        try (LanguageModel model = LanguageModel.load(TinyModels.write("llama", dir.resolve("llama")))) {
            int[] text = BatchRunnerTest.randomTokens(6, 5);
            float[] layer0 = model.capture(List.of(text), new int[] {0}, Pooling.LAST_TOKEN)[0][0];
            // Layer L is the output of block L, and steering at L shifts exactly that stream by its vector.
            float[] shift = BatchRunnerTest.randomVector(layer0.length, 6, 0.3f);
            float[][] steered = captureSteered(model, text, shift);
            for (int i = 0; i < layer0.length; i++) {
                assertThat(steered[0][i]).isCloseTo(layer0[i] + shift[i], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void steeredLogitsEqualTheLastStepOfASteeredGenerationAndZeroSteeringChangesNothing() throws Exception {
        try (LanguageModel model = LanguageModel.load(TinyModels.write("llama", dir.resolve("llama")))) {
            int[] text = BatchRunnerTest.randomTokens(7, 8);
            float[] shift = BatchRunnerTest.randomVector(model.config().hiddenSize(), 9, 0.5f);
            float[][] plain = model.logits(text);
            float[][] zero = model.logits(text, Steering.of(Map.of(1, new float[shift.length])));
            float[][] steered = model.logits(text, Steering.of(Map.of(1, shift)));
            for (int i = 0; i < text.length; i++) {
                assertThat(zero[i]).containsExactly(plain[i]);
            }
            assertThat(steered[text.length - 1]).isNotEqualTo(plain[text.length - 1]);
            // the same steering over the whole prompt in the engine: its first token comes from these logits
            try (GenerationEngine engine =
                    new GenerationEngine(model, EngineOptions.defaults().withMaxLength(32))) {
                GenerationResult result = engine.submit(
                                new GenerationRequest(text, SamplingParams.greedy(1), Steering.of(Map.of(1, shift))),
                                TokenListener.NONE)
                        .result()
                        .get(60, java.util.concurrent.TimeUnit.SECONDS);
                float[] last = steered[text.length - 1];
                int argmax = 0;
                for (int v = 1; v < last.length; v++) {
                    if (last[v] > last[argmax]) {
                        argmax = v;
                    }
                }
                assertThat(result.tokens()[0]).isEqualTo(argmax);
            }
            assertThatThrownBy(() -> model.logits(text, Steering.of(Map.of(99, shift))))
                    .hasMessageContaining("layer 99");
        }
    }

    @Test
    void layersOutsideTheModelAndEmptyRangesAreRefused() {
        try (LanguageModel model = LanguageModel.load(TinyModels.write("llama", dir.resolve("llama")))) {
            assertThatThrownBy(() -> model.capture(List.of(new int[] {1, 2}), new int[] {2}, Pooling.LAST_TOKEN))
                    .hasMessageContaining("layer 2 does not exist");
            assertThatThrownBy(() -> model.capture(List.of(new int[] {1, 2}), new int[] {0}, Pooling.mean(3, 0)))
                    .hasMessageContaining("empty");
        }
    }

    @Test
    void promptScopedSteeringChangesTheFirstTokenButNotLaterStepsAndGeneratedScopeTheReverse() throws Exception {
        try (LanguageModel model = LanguageModel.load(TinyModels.write("llama", dir.resolve("llama")));
                BatchRunner runner = new BatchRunner(model, 1, 32, 0)) {
            int h = model.config().hiddenSize();
            int[] prompt = BatchRunnerTest.randomTokens(6, 7);
            java.util.TreeMap<Integer, float[]> vectors =
                    new java.util.TreeMap<>(Map.of(0, BatchRunnerTest.randomVector(h, 8, 0.5f)));
            Steering promptOnly = new Steering(vectors, Steering.Scope.PROMPT);
            Steering generatedOnly = new Steering(vectors, Steering.Scope.GENERATED);
            float[] plainPrefill = runner.prefill(0, List.of(prompt), new int[1], List.of(Steering.NONE));
            float[] plainDecode = runner.decode(new int[] {4}, new int[] {6}, List.of(Steering.NONE));
            assertThat(runner.prefill(0, List.of(prompt), new int[1], List.of(generatedOnly)))
                    .containsExactly(plainPrefill);
            assertThat(runner.decode(new int[] {4}, new int[] {6}, List.of(generatedOnly)))
                    .isNotEqualTo(plainDecode);
            assertThat(runner.prefill(0, List.of(prompt), new int[1], List.of(promptOnly)))
                    .isNotEqualTo(plainPrefill);
            float[] afterSteeredPrompt = runner.decode(new int[] {4}, new int[] {6}, List.of(promptOnly));
            // The decode step itself is unsteered, but it attends to the steered prompt's keys and values.
            assertThat(afterSteeredPrompt).isNotEqualTo(plainDecode);
        }
    }

    private static float[][] captureSteered(LanguageModel model, int[] text, float[] shift) {
        // capture() never steers; run the same forward pass with a steering map.
        try (ai.djl.ndarray.NDScope ignored = new ai.djl.ndarray.NDScope()) {
            long[][] positions = new long[1][text.length];
            long[] ids = new long[text.length];
            float[] weights = new float[text.length];
            for (int i = 0; i < text.length; i++) {
                positions[0][i] = i;
                ids[i] = text[i];
            }
            weights[text.length - 1] = 1;
            var context = io.pluralign.engine.model.ForwardContext.uncached(model.manager(), positions);
            var out = io.pluralign.engine.model.ForwardPass.run(
                    model.causalLm(),
                    context,
                    new io.pluralign.engine.model.ForwardPass.Input(
                            ids,
                            new int[] {text.length - 1},
                            Map.of(0, shift),
                            new int[] {0},
                            weights,
                            io.pluralign.engine.model.ForwardPass.Logits.NONE));
            return new float[][] {out.pooled().get(0)};
        }
    }
}
