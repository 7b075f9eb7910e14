package io.pluralign.engine;

import io.pluralign.engine.checkpoint.RandomCheckpoint;
import io.pluralign.engine.checkpoint.TensorDType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Engine throughput, run by {@code bench/engine} (never a test): memory bandwidth of the machine, then per model prefill
 * tokens/s, decode tokens/s at batch 1, 4, 8, 16, and decode at batch 8 with 8 distinct steering vectors on 4 layers
 * against none. Each figure is the median of {@code -Drounds} timed rounds after a warm-up round, with min and max.
 *
 * <p>Models: every folder in {@code -Dmodels} (comma-separated), default the bundled model and a random-weight Llama of
 * about 100M parameters (F32) written to {@code target/bench-models} on first use.
 */
public final class EngineBenchmark {

    private static final int ROUNDS = Integer.getInteger("rounds", 5);
    private static final int DECODE_STEPS = Integer.getInteger("steps", 32);
    private static final int PREFILL_TOKENS = Integer.getInteger("prefill", 256);
    private static final int CPU_DECODE_ROWS =
            Integer.getInteger("cpuDecodeRows", EngineOptions.DEFAULT_CPU_DECODE_ROWS);

    private EngineBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("pluralign.root", "."));
        List<Path> models = new ArrayList<>();
        String listed = System.getProperty("models", "");
        if (listed.isEmpty()) {
            Path bundled = root.resolve("models/pluralign-mini");
            if (Files.isRegularFile(bundled.resolve("config.json"))) {
                models.add(bundled);
            }
            models.add(random100m(root.resolve("libs/inference-engine/target/bench-models/llama-100m")));
        } else {
            for (String m : listed.split(",")) {
                models.add(Path.of(m.trim()));
            }
        }
        System.out.printf(
                "machine: %d cpus, java %s, %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                System.getProperty("os.arch"));
        try (MemoryBandwidth bandwidth = new MemoryBandwidth()) {
            for (Path folder : models) {
                run(folder, bandwidth);
            }
        }
    }

    private static Path random100m(Path folder) throws Exception {
        if (!Files.isRegularFile(folder.resolve("model.safetensors"))) {
            System.out.println("writing a random-weight Llama of ~110M parameters to " + folder);
            new RandomCheckpoint("llama", 32000, 768, 12, 12, 12, 2048, 2048, true, 0, 1)
                    .write(folder, TensorDType.F32);
        }
        return folder;
    }

    private static void run(Path folder, MemoryBandwidth bandwidth) throws Exception {
        try (LanguageModel model = LanguageModel.load(folder)) {
            long params = model.weightBytes() / 4;
            System.out.printf(
                    "%nmodel %s: %s, %.1fM parameters, %.0f MB of F32 weights on %s%n",
                    folder.getFileName(), model.config(), params / 1e6, model.weightBytes() / 1e6, model.deviceInUse());
            int maxLength = Math.min(model.config().maxPositions(), 512);
            try (BatchRunner runner = new BatchRunner(model, 16, maxLength, CPU_DECODE_ROWS);
                    BatchRunner cpuOnly = new BatchRunner(model, 16, maxLength, 16);
                    BatchRunner tensorOnly = new BatchRunner(model, 16, maxLength, 0)) {
                // Warm the JIT on the Java side of a decode step before anything is timed.
                long warmUntil = System.nanoTime() + 5_000_000_000L;
                while (System.nanoTime() < warmUntil) {
                    decodeRate(model, runner, 1, false);
                    decodeRate(model, runner, 8, true);
                    decodeRate(model, tensorOnly, 1, false);
                }
                prefill(model, runner);
                double batch1 = 0;
                double batch8 = 0;
                for (int batch : new int[] {1, 4, 8, 16}) {
                    // The engine's own choice of path for this batch; then the other one, for comparison.
                    double tps = decode(model, runner, batch, "decode batch " + batch);
                    if (runner.decodesOnCpu(batch)) {
                        decode(model, tensorOnly, batch, "(tensor path: decode batch " + batch + ")");
                    } else if (cpuOnly.decodesOnCpu(batch)) {
                        decode(model, cpuOnly, batch, "(CPU decoder: decode batch " + batch + ")");
                    }
                    if (batch == 1) {
                        batch1 = tps;
                        boundRatio(model, runner, bandwidth);
                    }
                    if (batch == 8) {
                        batch8 = tps;
                    }
                }
                System.out.printf("  batch 8 / batch 1: %.2fx%n", batch8 / batch1);
                // Plain and steered rounds alternate in pairs; the cost is the median of the per-pair ratios, so
                // drift in the machine's speed (large on shared vCPUs) cancels within each pair.
                int pairs = ROUNDS * 4;
                double[] plain = new double[pairs];
                double[] steered = new double[pairs];
                double[] cost = new double[pairs];
                for (int pair = 0; pair < pairs; pair++) {
                    boolean steeredFirst = pair % 2 == 1;
                    double a = decodeRate(model, runner, 8, steeredFirst);
                    double b = decodeRate(model, runner, 8, !steeredFirst);
                    plain[pair] = steeredFirst ? b : a;
                    steered[pair] = steeredFirst ? a : b;
                    cost[pair] = 100 * (1 - steered[pair] / plain[pair]);
                }
                report("decode batch 8 (paired)", plain, "tokens/s");
                report("decode batch 8 steered (paired)", steered, "tokens/s");
                double[] sortedCost = cost.clone();
                Arrays.sort(sortedCost);
                System.out.printf(
                        "  steering cost at batch 8 (8 distinct vectors on 4 layers): %.1f%% of decode throughput"
                                + " (median of %d paired rounds; quartiles %.1f%% .. %.1f%%)%n",
                        sortedCost[pairs / 2], pairs, sortedCost[pairs / 4], sortedCost[3 * pairs / 4]);
            }
        }
    }

    /**
     * Batch-1 decode against the bandwidth bound (every F32 weight byte read once per token): rounds alternate with
     * bandwidth samples, and each round is compared with the sample just before it, so the machine's drift cancels.
     */
    private static void boundRatio(LanguageModel model, BatchRunner runner, MemoryBandwidth bandwidth) {
        int pairs = ROUNDS * 2;
        double[] ratios = new double[pairs];
        double[] best = new double[pairs];
        double[] torch = new double[pairs];
        double[] javaNative = new double[pairs];
        double[] javaHeap = new double[pairs];
        for (int pair = 0; pair < pairs; pair++) {
            MemoryBandwidth.Sample sample = bandwidth.sample();
            double tps = decodeRate(model, runner, 1, false);
            best[pair] = sample.best() / 1e9;
            torch[pair] = sample.torch() / 1e9;
            javaNative[pair] = sample.javaNative() / 1e9;
            javaHeap[pair] = sample.javaHeap() / 1e9;
            ratios[pair] = sample.best() / model.weightBytes() / tps;
        }
        System.out.printf(
                "  memory bandwidth, fastest of three sums over 512 MiB: median %.1f GB/s (torch %.1f; Java vectors on"
                        + " %d threads: native memory %.1f, heap array %.1f)%n",
                median(best),
                median(torch),
                Runtime.getRuntime().availableProcessors(),
                median(javaNative),
                median(javaHeap));
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "  decode batch 1 vs bandwidth bound (%.0f MB per step): %.2fx slower (median of %d paired rounds;"
                        + " quartiles %.2fx .. %.2fx)%n",
                model.weightBytes() / 1e6, sorted[pairs / 2], pairs, sorted[pairs / 4], sorted[3 * pairs / 4]);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void prefill(LanguageModel model, BatchRunner runner) {
        int tokens = Math.min(PREFILL_TOKENS, runner.cache().maxLength() - 1);
        int[] prompt = random(tokens, model.config().vocabSize(), 1);
        double[] rates = new double[ROUNDS];
        for (int round = -1; round < ROUNDS; round++) {
            long start = System.nanoTime();
            runner.prefill(0, List.of(prompt), new int[1], List.of(Steering.NONE));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (round >= 0) {
                rates[round] = tokens / seconds;
            }
        }
        report("prefill " + tokens + " tokens, batch 1", rates, "tokens/s");
    }

    /** Median tokens/s of unsteered decode rounds at {@code batch} (after one untimed round). */
    private static double decode(LanguageModel model, BatchRunner runner, int batch, String label) {
        double[] rates = new double[ROUNDS];
        decodeRate(model, runner, batch, false);
        for (int round = 0; round < ROUNDS; round++) {
            rates[round] = decodeRate(model, runner, batch, false);
        }
        return report(label, rates, "tokens/s");
    }

    /** Tokens/s of one round: prefill {@code batch} prompts, then {@code steps} greedy decode steps. */
    private static double decodeRate(LanguageModel model, BatchRunner runner, int batch, boolean steer) {
        int vocab = model.config().vocabSize();
        int prompt = 16;
        List<int[]> prompts = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            prompts.add(random(prompt, vocab, 10 + b));
        }
        List<Steering> steering = new ArrayList<>(Collections.nCopies(batch, Steering.NONE));
        if (steer) {
            int layers = model.config().numLayers();
            for (int b = 0; b < batch; b++) {
                TreeMap<Integer, float[]> vectors = new TreeMap<>();
                for (int i = 0; i < 4; i++) {
                    vectors.put((layers / 5) * (i + 1), vector(model.config().hiddenSize(), 100 + b * 4 + i));
                }
                steering.set(b, new Steering(vectors, Steering.Scope.ALL));
            }
        }
        int[] tokens = new int[batch];
        int[] positions = new int[batch];
        runner.prefill(0, prompts, new int[batch], steering);
        Arrays.fill(positions, prompt);
        Arrays.fill(tokens, 5);
        long start = System.nanoTime();
        for (int step = 0; step < DECODE_STEPS; step++) {
            float[] logits = runner.decode(tokens, positions, steering);
            for (int b = 0; b < batch; b++) {
                tokens[b] = argmax(logits, b * vocab, vocab);
                positions[b]++;
            }
        }
        return (double) DECODE_STEPS * batch / ((System.nanoTime() - start) / 1e9);
    }

    private static double report(String what, double[] rates, String unit) {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        System.out.printf(
                "  %-40s %9.1f %s (min %.1f, max %.1f)%n", what, median, unit, sorted[0], sorted[sorted.length - 1]);
        return median;
    }

    private static int argmax(float[] logits, int offset, int vocab) {
        int best = 0;
        for (int i = 1; i < vocab; i++) {
            if (logits[offset + i] > logits[offset + best]) {
                best = i;
            }
        }
        return best;
    }

    private static int[] random(int n, int vocab, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = r.nextInt(vocab);
        }
        return t;
    }

    private static float[] vector(int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[h];
        for (int i = 0; i < h; i++) {
            v[i] = (float) (r.nextDouble() - 0.5) * 0.1f;
        }
        return v;
    }
}
