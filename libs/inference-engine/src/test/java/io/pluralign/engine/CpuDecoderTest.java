package io.pluralign.engine;

import static io.pluralign.engine.BatchRunnerTest.assertClose;
import static io.pluralign.engine.BatchRunnerTest.randomTokens;
import static io.pluralign.engine.BatchRunnerTest.randomVector;
import static io.pluralign.engine.BatchRunnerTest.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.engine.model.cpu.CpuKernels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decode steps on the CPU decoder against the tensor path and against full recomputes, on real forward passes. */
class CpuDecoderTest {

    private static final int ROWS = 5; // one group of four rows plus one: both of the kernel's row loops

    @TempDir
    Path dir;

    @Test
    void theTestJvmRunsTheCpuKernels() {
        assertThat(CpuKernels.unavailableReason()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2", "mistral"})
    void cpuStepsGiveTheTensorPathsLogitsForMixedLengthsAndSteering(String family) {
        try (LanguageModel model = LanguageModel.load(TinyModels.write(family, dir.resolve(family)));
                BatchRunner cpu = new BatchRunner(model, ROWS, 32, ROWS);
                BatchRunner tensor = new BatchRunner(model, ROWS, 32, 0)) {
            assertThat(cpu.decodesOnCpu(ROWS)).isTrue();
            assertThat(tensor.decodesOnCpu(1)).isFalse();
            int h = model.config().hiddenSize();
            List<int[]> prompts = new ArrayList<>();
            int[] positions = new int[ROWS];
            List<Steering> steering = new ArrayList<>();
            for (int r = 0; r < ROWS; r++) {
                prompts.add(randomTokens(3 + 2 * r, 20 + r)); // up to 11 tokens: past Mistral's window of 5
                positions[r] = prompts.get(r).length;
                steering.add(r % 2 == 0 ? Steering.NONE : Steering.of(Map.of(r % 2, randomVector(h, r, 0.5f))));
            }
            assertClose(
                    cpu.prefill(0, prompts, new int[ROWS], steering),
                    tensor.prefill(0, prompts, new int[ROWS], steering),
                    0f);
            for (int step = 0; step < 6; step++) {
                int[] next = new int[ROWS];
                for (int r = 0; r < ROWS; r++) {
                    next[r] = (step * 7 + r * 13) % 97;
                }
                float[] onCpu = cpu.decode(next, positions.clone(), steering);
                float[] onTensors = tensor.decode(next, positions.clone(), steering);
                assertClose(onCpu, onTensors, 2e-5f);
                for (int r = 0; r < ROWS; r++) {
                    positions[r]++;
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "mistral"})
    void stepsOnEitherPathReadWhatTheOtherWroteToTheCache(String family) {
        try (LanguageModel model = LanguageModel.load(TinyModels.write(family, dir.resolve(family)));
                BatchRunner runner = new BatchRunner(model, 2, 32, 1)) { // one row: CPU; two rows: tensors
            int vocab = model.config().vocabSize();
            int[] first = randomTokens(14, 31);
            int[] second = randomTokens(14, 32);
            float[][] fullFirst = model.logits(first);
            float[][] fullSecond = model.logits(second);
            int prompt = 4;
            runner.prefill(
                    0,
                    List.of(Arrays.copyOf(first, prompt), Arrays.copyOf(second, prompt)),
                    new int[2],
                    Collections.nCopies(2, Steering.NONE));
            int at = prompt; // next position of the first sequence (slot 0)
            int atSecond = prompt; // of the second (slot 1)
            for (int step = 0; step < 9; step++) {
                if (step % 3 == 2) { // both rows: a tensor step over what the CPU steps wrote to slot 0
                    float[] both = runner.decode(
                            new int[] {first[at], second[atSecond]},
                            new int[] {at, atSecond},
                            Collections.nCopies(2, Steering.NONE));
                    assertClose(slice(both, 0, vocab), fullFirst[at++], 2e-5f);
                    assertClose(slice(both, 1, vocab), fullSecond[atSecond++], 2e-5f);
                } else { // the first row alone: a CPU step over what the tensor steps wrote
                    float[] one = runner.decode(new int[] {first[at]}, new int[] {at}, List.of(Steering.NONE));
                    assertClose(one, fullFirst[at++], 2e-5f);
                }
            }
        }
    }

    @Test
    void aRowsLogitsAreBitIdenticalAloneInABatchAndBesideASteeredRow() {
        try (LanguageModel model = LanguageModel.load(TinyModels.write("qwen2", dir.resolve("qwen2")));
                BatchRunner batch = new BatchRunner(model, ROWS, 32, ROWS);
                BatchRunner alone = new BatchRunner(model, 1, 32, ROWS)) {
            int h = model.config().hiddenSize();
            int vocab = model.config().vocabSize();
            List<int[]> prompts = new ArrayList<>();
            for (int r = 0; r < ROWS; r++) {
                prompts.add(randomTokens(6, 40 + r));
            }
            List<Steering> none = Collections.nCopies(ROWS, Steering.NONE);
            feedOneByOne(
                    batch, prompts, none); // the history, too, on the CPU path (a batched prefill rounds differently)
            int[] next = {1, 2, 3, 4, 5};
            int[] positions = {6, 6, 6, 6, 6};
            float[] plain = batch.decode(next, positions, none);
            List<Steering> zeroOnFirst = new ArrayList<>(none);
            zeroOnFirst.set(0, Steering.of(Map.of(0, new float[h])));
            assertThat(batch.decode(next, positions, zeroOnFirst)).containsExactly(plain);
            List<Steering> pushSecond = new ArrayList<>(none);
            pushSecond.set(1, Steering.of(Map.of(1, randomVector(h, 7, 0.5f))));
            float[] steered = batch.decode(next, positions, pushSecond);
            assertThat(slice(steered, 1, vocab)).isNotEqualTo(slice(plain, 1, vocab));
            for (int r = 0; r < ROWS; r++) {
                if (r != 1) {
                    assertThat(slice(steered, r, vocab)).as("row %d", r).containsExactly(slice(plain, r, vocab));
                }
                feedOneByOne(alone, List.of(prompts.get(r)), List.of(Steering.NONE));
                float[] single = alone.decode(new int[] {next[r]}, new int[] {6}, List.of(Steering.NONE));
                assertThat(single).as("row %d alone", r).containsExactly(slice(plain, r, vocab));
            }
        }
    }

    /** Feeds equal-length prompts as decode steps from position 0. */
    private static void feedOneByOne(BatchRunner runner, List<int[]> prompts, List<Steering> steering) {
        for (int pos = 0; pos < prompts.get(0).length; pos++) {
            int[] tokens = new int[prompts.size()];
            int[] positions = new int[prompts.size()];
            for (int r = 0; r < tokens.length; r++) {
                tokens[r] = prompts.get(r)[pos];
                positions[r] = pos;
            }
            runner.decode(tokens, positions, steering);
        }
    }
}
