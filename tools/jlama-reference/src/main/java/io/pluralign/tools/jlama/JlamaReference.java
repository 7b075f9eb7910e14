package io.pluralign.tools.jlama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.DistributedContext;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.SafeTensorSupport;
import com.github.tjake.jlama.safetensors.TensorInfo;
import com.github.tjake.jlama.safetensors.WeightLoader;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.FloatBufferTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Runs Jlama (an independent pure-Java transformer implementation) on a Hugging Face checkpoint folder and writes its
 * raw next-token logits at every position of each token sequence, as JSON.
 *
 * <p>Usage: {@code --model DIR (--tokens 1,5,7 ... | --case CASE.json) [--out FILE] [--window-suffix W]}, or
 * {@code --bench --model DIR ...} for Jlama's throughput (see {@link JlamaBench}).
 *
 * <ul>
 *   <li>{@code --tokens}: one comma-separated sequence of token ids; repeat for several.
 *   <li>{@code --case}: a JSON object whose {@code sequences} (arrays of ids) are run; the object is copied to the
 *       output with {@code reference} added, so a case file becomes a test fixture.
 *   <li>{@code --window-suffix W}: emulate sliding-window attention of W tokens, which Jlama does not implement, for a
 *       ONE-layer model: the logits at position p are Jlama's logits at the last position of tokens[max(0, p-W+1)..p]
 *       run from position 0. Exact for one layer because rotary attention depends only on relative positions.
 * </ul>
 *
 * <p>Token ids are fed directly; a tokenizer.json is needed only because Jlama's loader insists on one, and a small
 * BPE one is written when the folder has none. Weights stored as F16/BF16 are widened to F32 by Jlama's own code and
 * all activations are F32, so the reference has no reduced-precision arithmetic.
 */
public final class JlamaReference {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static final String LOGITS_PLACEHOLDER = "@@LOGITS@@";

    /** Max |softmax(raw logits) - Jlama's getLogits()| over every position computed. */
    private static double worstSoftmaxCheck;

    private JlamaReference() {}

    /** Seven significant digits (a float's precision), as BigDecimal writes them (JSON-valid, E notation when tiny). */
    static String sevenDigits(float v) {
        return new BigDecimal(v).round(MathContext.DECIMAL32).stripTrailingZeros().toString();
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--bench")) {
            // Jlama's INFO lines repeat what the bench prints itself; its warnings stay.
            System.setProperty(
                    "org.slf4j.simpleLogger.defaultLogLevel",
                    System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
            JlamaBench.run(args);
            System.exit(0); // Jlama's thread pools are not daemons
        }
        // The fixtures were made with Jlama's pure-Java (Panama) kernels; keep them so even though jlama-native, which
        // the bench uses, is on the classpath (its F32 kernels may round differently).
        System.setProperty(
                "jlama.force_panama_tensor_operations",
                System.getProperty("jlama.force_panama_tensor_operations", "true"));
        Path model = null;
        Path casePath = null;
        Path out = null;
        int windowSuffix = 0;
        List<int[]> sequences = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--model" -> model = Path.of(value);
                case "--case" -> casePath = Path.of(value);
                case "--out" -> out = Path.of(value);
                case "--tokens" -> sequences.add(parseIds(value));
                case "--window-suffix" -> windowSuffix = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        if (model == null) {
            throw new IllegalArgumentException(
                    "usage: --model DIR (--tokens 1,2,3 ... | --case CASE.json) [--out FILE] [--window-suffix W]");
        }
        ObjectNode result = casePath == null
                ? JSON.createObjectNode()
                : (ObjectNode) JSON.readTree(casePath.toFile());
        if (casePath != null) {
            for (JsonNode seq : result.withArray("sequences")) {
                int[] ids = new int[seq.size()];
                for (int j = 0; j < ids.length; j++) {
                    ids[j] = seq.get(j).asInt();
                }
                sequences.add(ids);
            }
        } else {
            ArrayNode seqs = result.putArray("sequences");
            for (int[] ids : sequences) {
                ArrayNode a = seqs.addArray();
                Arrays.stream(ids).forEach(a::add);
            }
        }
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("no token sequences given");
        }

        ensureTokenizer(model);
        AbstractModel m = ModelSupport.loadModel(
                AbstractModel.InferenceType.FULL_GENERATION,
                model.toFile(),
                null,
                DType.F32,
                DType.F32,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                WideningWeights::new);

        ObjectNode reference = result.putObject("reference");
        reference.put("implementation", "Jlama (com.github.tjake:jlama-core)");
        reference.put("jlamaVersion", "0.8.4");
        reference.put("modelClass", m.getClass().getSimpleName());
        reference.put("output", "logits");
        reference.put("precision", "F32 weights (F16/BF16 widened) and F32 activations");
        reference.put("method", windowSuffix > 0 ? "window-suffix:" + windowSuffix : "full-sequence");
        reference.put("logits", LOGITS_PLACEHOLDER);
        StringBuilder rows = new StringBuilder("[");
        for (int s = 0; s < sequences.size(); s++) {
            int[] ids = sequences.get(s);
            float[][] logits = windowSuffix > 0 ? windowed(m, ids, windowSuffix) : fullSequence(m, ids);
            rows.append(s == 0 ? "\n    [" : ",\n    [");
            for (int p = 0; p < logits.length; p++) {
                rows.append(p == 0 ? "\n      [" : ",\n      [");
                for (int v = 0; v < logits[p].length; v++) {
                    rows.append(v == 0 ? "" : ", ").append(sevenDigits(logits[p][v]));
                }
                rows.append(']');
            }
            rows.append("\n    ]");
        }
        rows.append("\n  ]");
        // The raw logits are read from the buffer Jlama's sampler fills; its getLogits() returns their softmax. Check
        // that both agree, so the numbers written are the ones Jlama's own API would produce.
        if (worstSoftmaxCheck > 1e-5) {
            throw new IllegalStateException(
                    "softmax of the raw logits differs from Jlama's getLogits() by " + worstSoftmaxCheck);
        }
        reference.put("softmaxVsGetLogitsMaxAbs", (float) worstSoftmaxCheck);

        String text = JSON.writeValueAsString(result).replace('"' + LOGITS_PLACEHOLDER + '"', rows) + "\n";
        if (out == null) {
            System.out.print(text);
        } else {
            Files.writeString(out, text);
            System.err.println("wrote " + out);
        }
        m.close();
        System.exit(0); // Jlama's thread pools are not daemons
    }

    /** Raw logits [position][vocab] of one batched pass over the whole sequence from position 0, with a fresh KV buffer. */
    static float[][] fullSequence(AbstractModel m, int[] ids) {
        int vocab = m.getConfig().vocabularySize;
        float[][] logits = new float[ids.length][vocab];
        KvBufferCache cache = new KvBufferCache(m);
        try (KvBufferCache.KvBuffer kv = cache.getEphemeralKvBuffer();
                AbstractTensor hidden = m.batchForward(ids, 0, kv)) {
            for (int p = 0; p < ids.length; p++) {
                logits[p] = rawLogits(m, hidden.slice(p));
                worstSoftmaxCheck = Math.max(worstSoftmaxCheck, softmaxGap(logits[p], m.getLogits(hidden.slice(p))));
            }
        }
        cache.close();
        return logits;
    }

    /** Logits at p from a pass over the last {@code window} tokens up to p (one-layer models only). */
    static float[][] windowed(AbstractModel m, int[] ids, int window) {
        if (m.getConfig().numberOfLayers != 1) {
            throw new IllegalArgumentException("--window-suffix is exact only for one-layer models");
        }
        float[][] logits = new float[ids.length][];
        for (int p = 0; p < ids.length; p++) {
            int[] suffix = Arrays.copyOfRange(ids, Math.max(0, p - window + 1), p + 1);
            float[][] all = fullSequence(m, suffix);
            logits[p] = all[all.length - 1];
        }
        return logits;
    }

    /**
     * Jlama's final norm and output projection for one position. {@code sample} at temperature 0 computes the raw
     * logits into the buffer it is given and returns the argmax; the buffer is what we want.
     */
    static float[] rawLogits(AbstractModel m, AbstractTensor position) {
        int vocab = m.getConfig().vocabularySize;
        if (m.getConfig().logitMultiplier != null || m.getConfig().finalLogitSoftCapping != null) {
            throw new IllegalStateException("logit multipliers/soft-capping would alter the buffer");
        }
        try (AbstractTensor buffer = m.makeDenseTensor(1, vocab)) {
            m.sample(position, 0f, 0f, buffer);
            float[] row = new float[vocab];
            for (int v = 0; v < vocab; v++) {
                row[v] = buffer.get(0, v);
            }
            return row;
        }
    }

    /** Max |softmax(logits) - probabilities|. */
    static double softmaxGap(float[] logits, float[] probabilities) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        double worst = 0;
        for (int v = 0; v < logits.length; v++) {
            worst = Math.max(worst, Math.abs(Math.exp(logits[v] - max) / sum - probabilities[v]));
        }
        return worst;
    }

    static int[] parseIds(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    /**
     * Jlama's loader requires a tokenizer.json (a BPE model for Llama/Qwen2/Mistral/GPT-2) even though we only feed ids.
     * Writes one whose vocabulary names every id ({@code <unk>}, {@code <s>}, {@code </s>}, then {@code t3}, ...) with
     * no merges, when the folder has none.
     */
    static void ensureTokenizer(Path folder) throws IOException {
        Path file = folder.resolve("tokenizer.json");
        if (Files.exists(file)) {
            return;
        }
        writePlaceholderTokenizer(
                file, JSON.readTree(folder.resolve("config.json").toFile()).path("vocab_size").asInt());
        System.err.println("wrote a placeholder " + file + " (Jlama needs one; ids are fed directly)");
    }

    /** The placeholder BPE tokenizer.json described at {@link #ensureTokenizer}, written to {@code file}. */
    static void writePlaceholderTokenizer(Path file, int vocab) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode modelNode = root.putObject("model");
        modelNode.put("type", "BPE");
        modelNode.putNull("unk_token");
        ObjectNode words = modelNode.putObject("vocab");
        for (int i = 0; i < vocab; i++) {
            words.put(i == 0 ? "<unk>" : i == 1 ? "<s>" : i == 2 ? "</s>" : "t" + i, i);
        }
        modelNode.putArray("merges");
        Files.writeString(file, JSON.writeValueAsString(root));
    }

    /**
     * The safetensors loader with every F16/BF16 tensor widened to F32 by Jlama's FloatBufferTensor. Jlama widens F16
     * checkpoints itself, but for a BF16 one it would also round every activation to BF16 before each matrix product
     * (logits off by ~3e-4), which is no reference at 1e-4.
     */
    static final class WideningWeights implements WeightLoader {
        private final WeightLoader delegate;

        /** Tensor types in the checkpoint, and as handed to Jlama (after widening); loads may run in parallel. */
        private final Set<DType> checkpointTypes = new ConcurrentSkipListSet<>();

        private final Set<DType> loadedTypes = new ConcurrentSkipListSet<>();

        WideningWeights(File folder) {
            this.delegate = SafeTensorSupport.loadWeights(folder);
            delegate.tensorInfoMap().values().forEach(info -> checkpointTypes.add(info.dType));
        }

        Set<DType> checkpointTypes() {
            return checkpointTypes;
        }

        Set<DType> loadedTypes() {
            return loadedTypes;
        }

        @Override
        public Map<String, String> metadata() {
            return delegate.metadata();
        }

        @Override
        public Map<String, TensorInfo> tensorInfoMap() {
            return delegate.tensorInfoMap();
        }

        @Override
        public AbstractTensor load(String name, DistributedContext dctx, boolean sparseRows, boolean sparseColumns) {
            AbstractTensor t = delegate.load(name, dctx, sparseRows, sparseColumns);
            if (t.dType() == DType.F16 || t.dType() == DType.BF16) {
                // One process, one shard: the full tensor, dense, widened element by element.
                t = new FloatBufferTensor(delegate.load(name));
            }
            loadedTypes.add(t.dType());
            return t;
        }

        @Override
        public DType getModelDType() {
            return DType.F32;
        }

        @Override
        public void close() throws Exception {
            delegate.close();
        }
    }
}
