package io.pluralign.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.pluralign.engine.chat.ChatMessage;
import io.pluralign.engine.chat.ChatTemplate;
import io.pluralign.engine.checkpoint.Checkpoint;
import io.pluralign.engine.model.CausalLm;
import io.pluralign.engine.model.ConfigFields;
import io.pluralign.engine.model.ForwardContext;
import io.pluralign.engine.model.ForwardPass;
import io.pluralign.engine.model.ModelConfig;
import io.pluralign.engine.model.ModelFamilies;
import io.pluralign.engine.model.ModelFamily;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Hugging Face model folder loaded for inference: config.json read by its family, the safetensors weights on the GPU
 * when DJL finds one (else the CPU), the tokenizer and generation defaults. DJL runs offline, always.
 */
public final class LanguageModel implements AutoCloseable {

    static {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    private final Path folder;
    private final NDManager manager;
    private final CausalLm model;
    private final TextTokenizer tokenizer;
    private final ChatTemplate chatTemplate;

    private LanguageModel(
            Path folder, NDManager manager, CausalLm model, TextTokenizer tokenizer, ChatTemplate chatTemplate) {
        this.folder = folder;
        this.manager = manager;
        this.model = model;
        this.tokenizer = tokenizer;
        this.chatTemplate = chatTemplate;
    }

    /** Loads the model in {@code folder}; a missing or malformed file fails naming it. */
    public static LanguageModel load(Path folder) {
        JsonNode json = readJson(folder.resolve("config.json"), true);
        String architecture = json.path("architectures").path(0).asString("");
        if (architecture.isEmpty()) {
            throw new IllegalArgumentException(folder.resolve("config.json") + ": 'architectures' is missing");
        }
        ModelFamily family;
        ModelConfig config;
        try {
            family = ModelFamilies.forArchitecture(architecture);
            config = family.readConfig(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(folder + "/" + e.getMessage(), e);
        }
        JsonNode generation = readJson(folder.resolve("generation_config.json"), false);
        int[] eos = ConfigFields.intOrList(generation, "eos_token_id");
        if (eos.length > 0) {
            config = config.withEosTokenIds(eos);
        }
        Checkpoint checkpoint = Checkpoint.open(folder);
        NDManager manager = NDManager.newBaseManager(device());
        try {
            CausalLm model = family.load(config, checkpoint, manager);
            TextTokenizer tokenizer =
                    Files.isRegularFile(folder.resolve("tokenizer.json")) ? TextTokenizer.load(folder) : null;
            return new LanguageModel(folder, manager, model, tokenizer, ChatTemplate.load(folder));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The first GPU when DJL has a CUDA native library and a device, else the CPU. */
    static Device device() {
        return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    private static JsonNode readJson(Path file, boolean required) {
        if (!Files.isRegularFile(file)) {
            if (required) {
                throw new IllegalArgumentException(file + ": does not exist");
            }
            return JsonMapper.builder().build().createObjectNode();
        }
        try {
            JsonNode node = JsonMapper.builder().build().readTree(Files.readString(file));
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(file + ": is not a JSON object");
            }
            return node;
        } catch (IOException | JacksonException e) {
            throw new IllegalArgumentException(file + ": is not valid JSON: " + e.getMessage(), e);
        }
    }

    public Path folder() {
        return folder;
    }

    public ModelConfig config() {
        return model.config();
    }

    public Device deviceInUse() {
        return manager.getDevice();
    }

    /** The tokenizer; fails when the folder has no tokenizer.json. */
    public TextTokenizer tokenizer() {
        if (tokenizer == null) {
            throw new IllegalStateException(folder + ": has no tokenizer.json");
        }
        return tokenizer;
    }

    /** The chat template of tokenizer_config.json (or chat_template.jinja), or a plain fallback format. */
    public ChatTemplate chatTemplate() {
        return chatTemplate;
    }

    /** Token ids of a conversation formatted by the model's chat template, ready to generate the assistant's turn. */
    public int[] encodeChat(List<ChatMessage> messages) {
        return tokenizer().encode(chatTemplate.render(messages, true));
    }

    /** The tokenizer, or null when the folder has none (token-id-only use). */
    TextTokenizer tokenizerOrNull() {
        return tokenizer;
    }

    CausalLm causalLm() {
        return model;
    }

    NDManager manager() {
        return manager;
    }

    /** NDArrays alive in the model's managers (weights, caches, anything leaked): flat over a long run. */
    int liveArrays() {
        return manager.getManagedArrays().size();
    }

    /** Bytes of weights on the device. */
    public long weightBytes() {
        return model.weightBytes();
    }

    /** Logits at every position of one token sequence, without a cache: [tokens][vocab]. */
    public float[][] logits(int[] tokens) {
        return logits(tokens, Steering.NONE);
    }

    /**
     * Logits at every position of one token sequence with {@code steering} added at every position (whatever its
     * scope), without a cache: [tokens][vocab]. For measuring what steering does to the likelihood of text.
     */
    public float[][] logits(int[] tokens, Steering steering) {
        checkTokens(tokens);
        PaddedRows row = PaddedRows.of(List.of(tokens), new int[1]);
        Map<Integer, float[]> vectors = new java.util.TreeMap<>();
        steering.vectors().forEach((layer, v) -> {
            if (v.length != config().hiddenSize()) {
                throw new IllegalArgumentException(
                        "steering vectors have " + v.length + " values; the hidden size is " + config().hiddenSize());
            }
            if (layer >= config().numLayers()) {
                throw new IllegalArgumentException("steering layer " + layer + " does not exist");
            }
            vectors.put(layer, v);
        });
        try (NDScope ignored = new NDScope()) {
            ForwardContext context = ForwardContext.uncached(manager, row.positions());
            float[] flat = ForwardPass.run(
                            model,
                            context,
                            new ForwardPass.Input(
                                    row.ids(), row.last(), vectors, new int[0], null, ForwardPass.Logits.ALL))
                    .logits();
            int vocab = config().vocabSize();
            float[][] out = new float[tokens.length][vocab];
            for (int i = 0; i < tokens.length; i++) {
                System.arraycopy(flat, i * vocab, out[i], 0, vocab);
            }
            return out;
        }
    }

    /**
     * The residual stream at {@code layers} (output of those blocks) for each token sequence, pooled per {@code
     * pooling}, in one batched pass: result[text][layer index in {@code layers}][hidden].
     */
    public float[][][] capture(List<int[]> texts, int[] layers, Pooling pooling) {
        if (texts.isEmpty()) {
            return new float[0][][];
        }
        for (int layer : layers) {
            if (layer < 0 || layer >= config().numLayers()) {
                throw new IllegalArgumentException(
                        "layer " + layer + " does not exist (the model has " + config().numLayers() + ")");
            }
        }
        for (int[] t : texts) {
            checkTokens(t);
        }
        int b = texts.size();
        PaddedRows padded = PaddedRows.of(texts, new int[b]);
        float[] weights = new float[b * padded.width()];
        for (int row = 0; row < b; row++) {
            pooling.weights(texts.get(row).length, weights, row * padded.width());
        }
        try (NDScope ignored = new NDScope()) {
            ForwardContext context = ForwardContext.uncached(manager, padded.positions());
            Map<Integer, float[]> pooled = ForwardPass.run(
                            model,
                            context,
                            new ForwardPass.Input(
                                    padded.ids(), padded.last(), Map.of(), layers, weights, ForwardPass.Logits.NONE))
                    .pooled();
            int h = config().hiddenSize();
            float[][][] out = new float[b][layers.length][h];
            for (int li = 0; li < layers.length; li++) {
                float[] flat = pooled.get(layers[li]);
                for (int row = 0; row < b; row++) {
                    System.arraycopy(flat, row * h, out[row][li], 0, h);
                }
            }
            return out;
        }
    }

    /** Fails unless {@code tokens} is a non-empty text of vocabulary ids within the context length. */
    void checkTokens(int[] tokens) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("a text must have at least one token");
        }
        if (tokens.length > config().maxPositions()) {
            throw new IllegalArgumentException(
                    "a text of " + tokens.length + " tokens exceeds the context length " + config().maxPositions());
        }
        for (int t : tokens) {
            if (t < 0 || t >= config().vocabSize()) {
                throw new IllegalArgumentException(
                        "token id " + t + " is outside the vocabulary of " + config().vocabSize());
            }
        }
    }

    @Override
    public void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
        model.close();
        manager.close();
    }
}
