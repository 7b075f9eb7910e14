package io.pluralign.engine.model.llama;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.pluralign.engine.checkpoint.Checkpoint;
import io.pluralign.engine.checkpoint.SafetensorsWriter;
import io.pluralign.engine.model.Attention;
import io.pluralign.engine.model.CausalLm;
import io.pluralign.engine.model.CpuDecoder;
import io.pluralign.engine.model.ForwardContext;
import io.pluralign.engine.model.KvCache;
import io.pluralign.engine.model.Layers;
import io.pluralign.engine.model.ModelConfig;
import io.pluralign.engine.model.Weights;
import io.pluralign.engine.model.cpu.CpuKernels;
import io.pluralign.engine.model.cpu.F32Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Pre-norm decoder with RMSNorm, rotary positions, grouped-query attention and a SwiGLU MLP: Llama, and with attention
 * biases Qwen2, and with a sliding window Mistral. The q/k/v and gate/up projections are fused at load, so a block is
 * four matrix products.
 */
final class LlamaModel implements CausalLm {

    private record Block(
            NDArray inputNorm, // [hidden]
            NDArray qkv, // [(heads + 2 * kvHeads) * headDim, hidden]
            NDArray qkvBias, // [(heads + 2 * kvHeads) * headDim] or null
            NDArray output, // [hidden, heads * headDim]
            NDArray outputBias, // [hidden] or null
            NDArray postNorm, // [hidden]
            NDArray gateUp, // [2 * ffn, hidden]
            NDArray down) {} // [hidden, ffn]

    private final ModelConfig config;
    private final NDManager manager;
    private final NDArray embedding; // [vocab, hidden]
    private final NDArray finalNorm; // [hidden]
    private final NDArray head; // [vocab, hidden], the embedding itself when tied
    private final Block[] blocks;
    private final float[] inverseFrequencies; // [headDim / 2]
    private final long weightBytes;
    private LlamaCpuDecoder.Weights cpuWeights; // made on first use, guarded by this

    LlamaModel(ModelConfig config, Checkpoint checkpoint, NDManager parent, boolean outputBias, float[] invFreq) {
        this.config = config;
        this.manager = parent.newSubManager();
        this.inverseFrequencies = invFreq;
        Weights w = new Weights(checkpoint, manager);
        long h = config.hiddenSize();
        long q = (long) config.numHeads() * config.headDim();
        long kv = (long) config.numKvHeads() * config.headDim();
        long ffn = config.intermediateSize();
        embedding = w.load("model.embed_tokens.weight", config.vocabSize(), h);
        finalNorm = w.load("model.norm.weight", h);
        head = config.tieWordEmbeddings() && !w.contains("lm_head.weight")
                ? embedding
                : w.load("lm_head.weight", config.vocabSize(), h);
        blocks = new Block[config.numLayers()];
        for (int l = 0; l < blocks.length; l++) {
            String p = "model.layers." + l + ".";
            String a = p + "self_attn.";
            NDArray qkvBias = config.attentionBias()
                    ? w.fuse(w.load(a + "q_proj.bias", q), w.load(a + "k_proj.bias", kv), w.load(a + "v_proj.bias", kv))
                    : null;
            blocks[l] = new Block(
                    w.load(p + "input_layernorm.weight", h),
                    w.fuse(
                            w.load(a + "q_proj.weight", q, h),
                            w.load(a + "k_proj.weight", kv, h),
                            w.load(a + "v_proj.weight", kv, h)),
                    qkvBias,
                    w.load(a + "o_proj.weight", h, q),
                    outputBias ? w.load(a + "o_proj.bias", h) : null,
                    w.load(p + "post_attention_layernorm.weight", h),
                    w.fuse(w.load(p + "mlp.gate_proj.weight", ffn, h), w.load(p + "mlp.up_proj.weight", ffn, h)),
                    w.load(p + "mlp.down_proj.weight", h, ffn));
        }
        this.weightBytes = w.bytes();
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public NDArray embed(NDArray tokenIds, ForwardContext context) {
        return embedding.get(new NDIndex("{}", tokenIds));
    }

    @Override
    public NDArray block(int layer, NDArray x, ForwardContext context) {
        Block block = blocks[layer];
        int b = context.batchSize();
        int n = context.tokens();
        int d = config.headDim();
        long q = (long) config.numHeads() * d;
        long kv = (long) config.numKvHeads() * d;
        NDArray normed = Layers.rmsNorm(x, block.inputNorm(), config.normEps());
        NDArray qkv = Layers.linear(normed, block.qkv(), block.qkvBias()); // [batch, tokens, q + 2 kv]
        NDArray cos = context.shared("rope.cos", c -> rotaryTable(c, true)); // [batch, tokens, 1, headDim]
        NDArray sin = context.shared("rope.sin", c -> rotaryTable(c, false)); // [batch, tokens, 1, headDim]
        NDArray queries =
                Layers.rotary(qkv.get(new NDIndex("..., :{}", q)).reshape(b, n, config.numHeads(), d), cos, sin);
        NDArray keys = Layers.rotary(
                qkv.get(new NDIndex("..., {}:{}", q, q + kv)).reshape(b, n, config.numKvHeads(), d), cos, sin);
        NDArray values = qkv.get(new NDIndex("..., {}:", q + kv)).reshape(b, n, config.numKvHeads(), d);
        NDArray attended = Attention.attend(layer, queries, keys, values, context, config);
        NDArray residual = x.add(Layers.linear(attended, block.output(), block.outputBias()));
        NDArray mlpIn = Layers.rmsNorm(residual, block.postNorm(), config.normEps());
        NDArray mlp = Layers.linear(
                Layers.swiGlu(Layers.linear(mlpIn, block.gateUp(), null), config.intermediateSize()),
                block.down(),
                null);
        return residual.add(mlp);
    }

    private NDArray rotaryTable(ForwardContext context, boolean cosine) {
        long[] positions = context.hostPositionsView();
        int half = inverseFrequencies.length;
        int d = half * 2;
        float[] table = new float[positions.length * d];
        for (int i = 0; i < positions.length; i++) {
            for (int j = 0; j < half; j++) {
                float angle = positions[i] * inverseFrequencies[j];
                float value = (float) (cosine ? Math.cos(angle) : Math.sin(angle));
                table[i * d + j] = value;
                table[i * d + j + half] = value;
            }
        }
        return context.manager().create(table, new Shape(context.batchSize(), context.tokens(), 1, d));
    }

    @Override
    public NDArray logits(NDArray x) {
        return Layers.linear(Layers.rmsNorm(x, finalNorm, config.normEps()), head, null);
    }

    @Override
    public Optional<CpuDecoder> cpuDecoder(KvCache cache) {
        long cacheLayer = KvCache.bytesFor(config, cache.slots(), cache.maxLength()) / (2L * config.numLayers());
        long largest = Stream.concat(
                        Stream.of(embedding, head), Arrays.stream(blocks).map(Block::gateUp))
                .mapToLong(NDArray::size)
                .max()
                .orElse(0);
        if (!manager.getDevice().equals(Device.cpu())
                || cacheLayer > Integer.MAX_VALUE
                || largest > Integer.MAX_VALUE - 8
                || (cpuWeights == null
                        && CpuKernels.unavailableReason(weightBytes).isPresent())) {
            return Optional.empty(); // the kernels index one array or cache layer with ints
        }
        return Optional.of(new LlamaCpuDecoder(config, cpuWeights(), inverseFrequencies, cache));
    }

    /** The weights copied to the heap once, shared by every CPU decoder of this model. */
    private synchronized LlamaCpuDecoder.Weights cpuWeights() {
        if (cpuWeights == null) {
            LlamaCpuDecoder.Block[] cpuBlocks = new LlamaCpuDecoder.Block[blocks.length];
            for (int l = 0; l < blocks.length; l++) {
                Block b = blocks[l];
                cpuBlocks[l] = new LlamaCpuDecoder.Block(
                        b.inputNorm().toFloatArray(),
                        heapCopy(b.qkv()),
                        b.qkvBias() == null ? null : b.qkvBias().toFloatArray(),
                        heapCopy(b.output()),
                        b.outputBias() == null ? null : b.outputBias().toFloatArray(),
                        b.postNorm().toFloatArray(),
                        heapCopy(b.gateUp()),
                        heapCopy(b.down()));
            }
            F32Matrix embeddingCopy = heapCopy(embedding);
            cpuWeights = new LlamaCpuDecoder.Weights(
                    embeddingCopy,
                    head == embedding ? embeddingCopy : heapCopy(head),
                    finalNorm.toFloatArray(),
                    cpuBlocks);
        }
        return cpuWeights;
    }

    private static F32Matrix heapCopy(NDArray weight) {
        Shape shape = weight.getShape();
        return F32Matrix.copyOf(weight.toByteBuffer(true), (int) shape.get(0), (int) shape.get(1));
    }

    @Override
    public List<NDArray> parameters() {
        List<NDArray> all = new ArrayList<>(List.of(embedding, finalNorm));
        if (head != embedding) {
            all.add(head);
        }
        for (Block b : blocks) {
            Stream.of(
                            b.inputNorm(),
                            b.qkv(),
                            b.qkvBias(),
                            b.output(),
                            b.outputBias(),
                            b.postNorm(),
                            b.gateUp(),
                            b.down())
                    .filter(Objects::nonNull)
                    .forEach(all::add);
        }
        return all;
    }

    @Override
    public void save(SafetensorsWriter w) {
        long q = (long) config.numHeads() * config.headDim();
        long kv = (long) config.numKvHeads() * config.headDim();
        long ffn = config.intermediateSize();
        Weights.save(w, "model.embed_tokens.weight", embedding);
        for (int l = 0; l < blocks.length; l++) {
            Block b = blocks[l];
            String p = "model.layers." + l + ".";
            String a = p + "self_attn.";
            Weights.save(w, p + "input_layernorm.weight", b.inputNorm());
            Weights.save(w, a + "q_proj.weight", b.qkv().get(new NDIndex(":{}", q)));
            Weights.save(w, a + "k_proj.weight", b.qkv().get(new NDIndex("{}:{}", q, q + kv)));
            Weights.save(w, a + "v_proj.weight", b.qkv().get(new NDIndex("{}:", q + kv)));
            if (b.qkvBias() != null) {
                Weights.save(w, a + "q_proj.bias", b.qkvBias().get(new NDIndex(":{}", q)));
                Weights.save(w, a + "k_proj.bias", b.qkvBias().get(new NDIndex("{}:{}", q, q + kv)));
                Weights.save(w, a + "v_proj.bias", b.qkvBias().get(new NDIndex("{}:", q + kv)));
            }
            Weights.save(w, a + "o_proj.weight", b.output());
            if (b.outputBias() != null) {
                Weights.save(w, a + "o_proj.bias", b.outputBias());
            }
            Weights.save(w, p + "post_attention_layernorm.weight", b.postNorm());
            Weights.save(w, p + "mlp.gate_proj.weight", b.gateUp().get(new NDIndex(":{}", ffn)));
            Weights.save(w, p + "mlp.up_proj.weight", b.gateUp().get(new NDIndex("{}:", ffn)));
            Weights.save(w, p + "mlp.down_proj.weight", b.down());
        }
        Weights.save(w, "model.norm.weight", finalNorm);
        if (head != embedding) {
            Weights.save(w, "lm_head.weight", head);
        }
    }

    @Override
    public long weightBytes() {
        return weightBytes;
    }

    @Override
    public void close() {
        manager.close();
    }
}
