package io.pluralign.tools.jlama;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.Config;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import com.github.tjake.jlama.tensor.operations.TensorOperationsProvider;
import com.github.tjake.jlama.util.MachineSpec;
import com.github.tjake.jlama.util.PhysicalCoreExecutor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Jlama's throughput on a checkpoint folder at batch 1, measured the way {@code EngineBenchmark} measures ours, so that
 * {@code bench/engine} can print the two side by side.
 *
 * <p>Usage: {@code --bench --model DIR [--prefill 256] [--steps 32] [--rounds 5] [--threads N]}.
 *
 * <ul>
 *   <li>prefill: one batched pass ({@code batchForward}) over a random prompt of {@code --prefill} token ids from
 *       position 0, plus the final norm and output projection at its last token ({@code sample}), as Jlama's
 *       {@code generate} does. Capped like EngineBenchmark (at min(context, 512) - 1 tokens) and where Jlama's rotary
 *       table would overflow. The ids are EngineBenchmark's (same generator and seed).
 *   <li>decode: after an untimed prefill of a 16-token prompt, {@code --steps} single-token {@code forward} calls, each
 *       continuing the same KV buffer and greedily feeding back {@code sample}'s argmax, starting from token 5 at
 *       position 16, as EngineBenchmark's decode at batch 1.
 * </ul>
 *
 * <p>Each figure is the median of {@code --rounds} timed rounds after one warm-up round, with min and max. Settings are
 * Jlama's defaults (those of its CLI: working memory F32, working quantization I8, no runtime weight quantization,
 * threads = its physical-core guess), except that F16/BF16 tensors are widened to F32 at load, as our engine holds F32
 * weights; the settings in effect are read back from Jlama and printed.
 *
 * <p>The folder is never written to: Jlama loads a temporary folder of symbolic links to its config.json and
 * safetensors files, next to a placeholder tokenizer.json (Jlama's loader insists on one; ids are fed directly).
 */
final class JlamaBench {

    private static final int DECODE_PROMPT = 16;
    private static final int FIRST_DECODE_TOKEN = 5;

    private JlamaBench() {}

    static void run(String[] args) throws Exception {
        Path model = null;
        int prefill = 256;
        int steps = 32;
        int rounds = 5;
        Optional<Integer> threads = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--bench")) {
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--model" -> model = Path.of(value);
                case "--prefill" -> prefill = positive(flag, value);
                case "--steps" -> steps = positive(flag, value);
                case "--rounds" -> rounds = positive(flag, value);
                case "--threads" -> threads = Optional.of(positive(flag, value));
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        if (model == null) {
            throw new IllegalArgumentException(
                    "usage: --bench --model DIR [--prefill 256] [--steps 32] [--rounds 5] [--threads N]");
        }

        Path staged = stage(model);
        try {
            JlamaReference.WideningWeights[] loader = new JlamaReference.WideningWeights[1];
            long loadStart = System.nanoTime();
            AbstractModel m = ModelSupport.loadModel(
                    AbstractModel.InferenceType.FULL_GENERATION,
                    staged.toFile(),
                    null, // no working directory: the KV cache is in memory
                    DType.F32, // Jlama's default working memory type
                    DType.I8, // Jlama's default working quantization type (it keeps F32 for unquantized F32 weights)
                    Optional.empty(), // no runtime weight quantization (Jlama's default)
                    threads,
                    Optional.empty(),
                    folder -> loader[0] = new JlamaReference.WideningWeights(folder));
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            Config c = m.getConfig();
            System.out.printf(
                    "jlama 0.8.4 on %s: %s, %d layers, hidden %d, vocab %d, loaded in %.1f s%n",
                    model.getFileName(), m.getClass().getSimpleName(), c.numberOfLayers, c.embeddingLength,
                    c.vocabularySize, loadSeconds);
            String loaded = join(loader[0].loadedTypes());
            boolean widened = loader[0].checkpointTypes().contains(DType.F16)
                    || loader[0].checkpointTypes().contains(DType.BF16);
            System.out.printf(
                    "  jlama settings: weights %s, working memory %s, activation quantization %s, %d threads (%s),"
                            + " %s (vector %s), java %s%n",
                    widened ? loaded + " (stored " + join(loader[0].checkpointTypes()) + ", widened at load)" : loaded,
                    m.getWorkingDType(), workingQType(m), PhysicalCoreExecutor.instance.get().getCoreCount(),
                    threads.isPresent() ? "--threads" : "Jlama's default, max(2, cpus / 2)",
                    TensorOperationsProvider.get().name(), MachineSpec.VECTOR_TYPE, System.getProperty("java.version"));

            // Jlama's rotary table is indexed at (position + 2 * kv head), so fewer positions are usable.
            int usable = c.ropeFreqs.isPresent() ? c.contextLength - 2 * (c.numberOfKeyValueHeads - 1) : c.contextLength;
            int tokens = Math.min(prefill, Math.min(Math.min(c.contextLength, 512) - 1, usable));
            if (DECODE_PROMPT + steps > usable) {
                throw new IllegalArgumentException("--steps " + steps + " runs past Jlama's " + usable + " positions");
            }
            KvBufferCache cache = new KvBufferCache(m);
            try (KvBufferCache.KvBuffer kv = cache.getEphemeralKvBuffer();
                    AbstractTensor logits = m.makeDenseTensor(1, c.vocabularySize)) {
                prefill(m, kv, logits, tokens, rounds);
                decode(m, kv, logits, steps, rounds);
            }
            cache.close();
            m.close();
        } finally {
            deleteStaged(staged);
        }
    }

    private static void prefill(AbstractModel m, KvBufferCache.KvBuffer kv, AbstractTensor logits, int tokens, int rounds) {
        int[] prompt = random(tokens, m.getConfig().vocabularySize, 1);
        double[] rates = new double[rounds];
        for (int round = -1; round < rounds; round++) {
            long start = System.nanoTime();
            try (AbstractTensor hidden = m.batchForward(prompt, 0, kv)) {
                m.sample(hidden.slice(tokens - 1), 0f, 0f, logits);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (round >= 0) {
                rates[round] = tokens / seconds;
            }
        }
        report("jlama prefill " + tokens + " tokens, batch 1", rates);
    }

    private static void decode(AbstractModel m, KvBufferCache.KvBuffer kv, AbstractTensor logits, int steps, int rounds) {
        int[] prompt = random(DECODE_PROMPT, m.getConfig().vocabularySize, 10);
        double[] rates = new double[rounds];
        for (int round = -1; round < rounds; round++) {
            m.batchForward(prompt, 0, kv).close();
            int token = FIRST_DECODE_TOKEN;
            long start = System.nanoTime();
            for (int step = 0; step < steps; step++) {
                try (AbstractTensor out = m.forward(token, DECODE_PROMPT + step, kv, Optional.empty())) {
                    token = m.sample(out, 0f, 0f, logits); // temperature 0: the argmax
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (round >= 0) {
                rates[round] = steps / seconds;
            }
        }
        report("jlama decode batch 1", rates);
    }

    /** The same line format as EngineBenchmark's. */
    private static void report(String what, double[] rates) {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "  %-40s %9.1f %s (min %.1f, max %.1f)%n",
                what, sorted[sorted.length / 2], "tokens/s", sorted[0], sorted[sorted.length - 1]);
    }

    /** EngineBenchmark's prompt generator, so both engines see the same ids. */
    private static int[] random(int n, int vocab, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = r.nextInt(vocab);
        }
        return t;
    }

    private static String join(Collection<?> items) {
        return items.stream().map(String::valueOf).collect(Collectors.joining("+"));
    }

    /** The activation quantization type Jlama settled on (it may override the one requested); it has no getter. */
    private static Object workingQType(AbstractModel m) {
        try {
            Field f = AbstractModel.class.getDeclaredField("workingQType");
            f.setAccessible(true);
            return f.get(m);
        } catch (ReflectiveOperationException e) {
            return "unknown (" + e + ")";
        }
    }

    /** A temporary folder linking the checkpoint's config.json and safetensors files, with a placeholder tokenizer. */
    static Path stage(Path model) throws IOException {
        Path folder = model.toAbsolutePath();
        if (!Files.isRegularFile(folder.resolve("config.json"))) {
            throw new IllegalArgumentException("no config.json in " + folder);
        }
        Path staged = Files.createTempDirectory("jlama-bench-");
        List<Path> linked = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(f -> {
                        String name = f.getFileName().toString();
                        return name.equals("config.json") || name.endsWith(".safetensors")
                                || name.equals("model.safetensors.index.json");
                    })
                    .forEach(linked::add);
        }
        for (Path f : linked) {
            Files.createSymbolicLink(staged.resolve(f.getFileName()), f);
        }
        int vocab = new ObjectMapper().readTree(folder.resolve("config.json").toFile()).path("vocab_size").asInt();
        JlamaReference.writePlaceholderTokenizer(staged.resolve("tokenizer.json"), vocab);
        return staged;
    }

    /** Removes the links and the placeholder (never the files linked to). */
    private static void deleteStaged(Path staged) throws IOException {
        try (Stream<Path> files = Files.walk(staged)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int positive(String flag, String value) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException(flag + " must be at least 1");
        }
        return n;
    }
}
