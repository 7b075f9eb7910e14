package io.pluralign.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GenerationEngineTest {

    @TempDir
    Path dir;

    private static final EngineOptions SMALL = new EngineOptions(4, 64, 16, 4, 1L << 30);

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2", "mistral", "gpt2"})
    void greedyGenerationFollowsTheArgmaxOfFullRecomputation(String family) throws Exception {
        try (LanguageModel model = LanguageModel.load(TinyModels.write(family, dir.resolve(family)));
                GenerationEngine engine = new GenerationEngine(model, SMALL)) {
            int[] prompt = BatchRunnerTest.randomTokens(9, 11);
            GenerationResult result = engine.submit(
                            new GenerationRequest(prompt, SamplingParams.greedy(12), null), TokenListener.NONE)
                    .result()
                    .get(60, TimeUnit.SECONDS);
            assertThat(result.tokens()).containsExactly(referenceGreedy(model, prompt, 12));
            assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(result.text()).isEqualTo(TinyModels.words(result.tokens()));
        }
    }

    @Test
    void requestsJoiningAndLeavingARunningBatchGetTheTokensTheyWouldGetAlone() throws Exception {
        try (LanguageModel model = LanguageModel.load(TinyModels.write("llama", dir.resolve("llama")));
                GenerationEngine engine = new GenerationEngine(model, SMALL)) {
            List<int[]> prompts = new ArrayList<>();
            List<Generation> generations = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int[] prompt = BatchRunnerTest.randomTokens(3 + (i * 7) % 11, 100 + i);
                prompts.add(prompt);
                generations.add(engine.submit(
                        new GenerationRequest(prompt, SamplingParams.greedy(4 + (i * 5) % 13), null),
                        TokenListener.NONE));
            }
            for (int i = 0; i < 10; i++) {
                GenerationResult result = generations.get(i).result().get(60, TimeUnit.SECONDS);
                assertThat(result.tokens())
                        .as("request %d", i)
                        .containsExactly(referenceGreedy(model, prompts.get(i), 4 + (i * 5) % 13));
            }
            assertThat(engine.stats().running()).isZero();
        }
    }

    @Test
    void theSameSeedGivesTheSameTokensAndAnotherSeedOtherTokens() throws Exception {
        try (LanguageModel model = LanguageModel.load(TinyModels.write("llama", dir.resolve("llama")));
                GenerationEngine engine = new GenerationEngine(model, SMALL)) {
            int[] prompt = BatchRunnerTest.randomTokens(5, 3);
            SamplingParams sampling =
                    SamplingParams.sampled(1.5f, 42, 20).withTopK(50).withTopP(0.95f);
            int[] first = generate(engine, prompt, sampling).tokens();
            int[] again = generate(engine, prompt, sampling).tokens();
            int[] other = generate(engine, prompt, SamplingParams.sampled(1.5f, 43, 20))
                    .tokens();
            assertThat(again).containsExactly(first);
            assertThat(other).isNotEqualTo(first);
        }
    }

    @Test
    void aRepetitionPenaltyReducesRepeatedTokens() throws Exception {
        try (LanguageModel model = LanguageModel.load(TinyModels.write("gpt2", dir.resolve("gpt2")));
                GenerationEngine engine = new GenerationEngine(model, SMALL)) {
            int[] prompt = BatchRunnerTest.randomTokens(4, 8);
            int[] plain = generate(engine, prompt, SamplingParams.greedy(40)).tokens();
            int[] penalised = generate(engine, prompt, SamplingParams.greedy(40).withRepetitionPenalty(3f))
                    .tokens();
            assertThat(distinct(penalised)).isGreaterThan(distinct(plain));
        }
    }

    @Test
    void aStopStringEndsTheTextBeforeIt() throws Exception {
        try (LanguageModel model = LanguageModel.load(TinyModels.write("llama", dir.resolve("llama")));
                GenerationEngine engine = new GenerationEngine(model, SMALL)) {
            int[] prompt = BatchRunnerTest.randomTokens(6, 21);
            int[] free = generate(engine, prompt, SamplingParams.greedy(10)).tokens();
            String stop = " w" + free[4];
            List<String> streamed = new ArrayList<>();
            GenerationResult result = engine.submit(
                            new GenerationRequest(
                                    prompt, SamplingParams.greedy(10).withStop(List.of(stop)), null),
                            (token, text) -> streamed.add(text))
                    .result()
                    .get(60, TimeUnit.SECONDS);
            String expected = TinyModels.words(java.util.Arrays.copyOf(free, 10));
            expected = expected.substring(0, expected.indexOf(stop));
            assertThat(result.text()).isEqualTo(expected);
            assertThat(String.join("", streamed)).isEqualTo(expected);
            assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        }
    }

    @Test
    void anEndOfSequenceTokenStopsGeneration() throws Exception {
        Path folder = TinyModels.write("llama", dir.resolve("llama"));
        int[] prompt = BatchRunnerTest.randomTokens(6, 31);
        int[] free;
        try (LanguageModel model = LanguageModel.load(folder)) {
            free = referenceGreedy(model, prompt, 3);
        }
        Files.writeString(folder.resolve("generation_config.json"), "{\"eos_token_id\": [" + free[2] + "]}");
        try (LanguageModel model = LanguageModel.load(folder);
                GenerationEngine engine = new GenerationEngine(model, SMALL)) {
            GenerationResult result = generate(engine, prompt, SamplingParams.greedy(10));
            assertThat(result.tokens()).containsExactly(free[0], free[1]);
            assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        }
    }

    @Test
    void cancellingOneSequenceStopsItWithoutDisturbingTheOthers() throws Exception {
        try (LanguageModel model = LanguageModel.load(TinyModels.write("llama", dir.resolve("llama")));
                GenerationEngine engine = new GenerationEngine(model, SMALL.withMaxLength(64))) {
            int[] keepPrompt = BatchRunnerTest.randomTokens(5, 41);
            AtomicInteger seen = new AtomicInteger();
            Generation[] victim = new Generation[1];
            CountDownLatch submitted = new CountDownLatch(1);
            victim[0] = engine.submit(
                    new GenerationRequest(BatchRunnerTest.randomTokens(5, 40), SamplingParams.greedy(50), null),
                    (token, text) -> {
                        try {
                            submitted.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        if (seen.incrementAndGet() == 3) {
                            victim[0].cancel();
                        }
                    });
            Generation keep = engine.submit(
                    new GenerationRequest(keepPrompt, SamplingParams.greedy(20), null), TokenListener.NONE);
            submitted.countDown();
            GenerationResult cancelled = victim[0].result().get(60, TimeUnit.SECONDS);
            assertThat(cancelled.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(cancelled.completionTokens()).isLessThan(10);
            assertThat(keep.result().get(60, TimeUnit.SECONDS).tokens())
                    .containsExactly(referenceGreedy(model, keepPrompt, 20));
        }
    }

    @Test
    void requestsThatCanNeverFitOrFindTheQueueFullAreRefusedClearly() throws Exception {
        try (LanguageModel model = LanguageModel.load(TinyModels.write("llama", dir.resolve("llama")));
                GenerationEngine engine = new GenerationEngine(model, new EngineOptions(1, 32, 1, 8, 1L << 30))) {
            assertThatThrownBy(() -> engine.submit(
                            new GenerationRequest(new int[30], SamplingParams.greedy(5), null), TokenListener.NONE))
                    .isInstanceOf(GenerationRejectedException.class)
                    .hasMessageContaining("exceed the context length of 32")
                    .extracting(e -> ((GenerationRejectedException) e).reason())
                    .isEqualTo(GenerationRejectedException.Reason.CONTEXT_LENGTH);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            Generation blocking = engine.submit(
                    new GenerationRequest(new int[] {1, 2}, SamplingParams.greedy(3), null), (token, text) -> {
                        started.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
            started.await(30, TimeUnit.SECONDS);
            Generation queued = engine.submit(
                    new GenerationRequest(new int[] {3}, SamplingParams.greedy(2), null), TokenListener.NONE);
            assertThatThrownBy(() -> engine.submit(
                            new GenerationRequest(new int[] {4}, SamplingParams.greedy(2), null), TokenListener.NONE))
                    .isInstanceOf(GenerationRejectedException.class)
                    .extracting(e -> ((GenerationRejectedException) e).reason())
                    .isEqualTo(GenerationRejectedException.Reason.OVERLOADED);
            release.countDown();
            assertThat(blocking.result().get(60, TimeUnit.SECONDS).completionTokens())
                    .isEqualTo(3);
            assertThat(queued.result().get(60, TimeUnit.SECONDS).completionTokens())
                    .isEqualTo(2);
        }
    }

    @Test
    void memoryStaysFlatOverManyGenerations() throws Exception {
        try (LanguageModel model = LanguageModel.load(TinyModels.write("qwen2", dir.resolve("qwen2")));
                GenerationEngine engine = new GenerationEngine(model, SMALL.withMaxQueued(100))) {
            generate(engine, new int[] {1, 2, 3}, SamplingParams.greedy(5));
            int before = model.liveArrays();
            List<Generation> all = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                all.add(engine.submit(
                        new GenerationRequest(
                                BatchRunnerTest.randomTokens(2 + i % 9, i), SamplingParams.sampled(1f, i, 20), null),
                        TokenListener.NONE));
            }
            for (Generation g : all) {
                g.result().get(60, TimeUnit.SECONDS);
            }
            assertThat(engine.stats().decodeSteps()).isGreaterThan(100);
            assertThat(model.liveArrays()).isEqualTo(before);
        }
    }

    private static GenerationResult generate(GenerationEngine engine, int[] prompt, SamplingParams sampling)
            throws Exception {
        return engine.submit(new GenerationRequest(prompt, sampling, null), TokenListener.NONE)
                .result()
                .get(60, TimeUnit.SECONDS);
    }

    /** Greedy decoding by recomputing the whole sequence each step: no cache, no batching. */
    static int[] referenceGreedy(LanguageModel model, int[] prompt, int count) {
        int[] tokens = java.util.Arrays.copyOf(prompt, prompt.length + count);
        for (int i = 0; i < count; i++) {
            float[][] logits = model.logits(java.util.Arrays.copyOf(tokens, prompt.length + i));
            tokens[prompt.length + i] = StandardSampler.argmax(logits[prompt.length + i - 1]);
        }
        return java.util.Arrays.copyOfRange(tokens, prompt.length, tokens.length);
    }

    private static long distinct(int[] tokens) {
        return java.util.Arrays.stream(tokens).distinct().count();
    }
}
