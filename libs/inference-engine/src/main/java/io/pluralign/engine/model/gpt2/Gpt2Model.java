package io.pluralign.engine.model.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.pluralign.engine.checkpoint.Checkpoint;
import io.pluralign.engine.checkpoint.SafetensorsWriter;
import io.pluralign.engine.model.Attention;
import io.pluralign.engine.model.CausalLm;
import io.pluralign.engine.model.ForwardContext;
import io.pluralign.engine.model.Layers;
import io.pluralign.engine.model.ModelConfig;
import io.pluralign.engine.model.Weights;
import java.util.ArrayList;
import java.util.List;

/** GPT-2: pre-norm blocks with LayerNorm, learned absolute positions and biases everywhere; the head is tied. */
final class Gpt2Model implements CausalLm {

    private record Block(
            NDArray norm1, // [hidden]
            NDArray norm1Bias, // [hidden]
            NDArray qkv, // [3 * hidden, hidden] (stored transposed as Conv1D)
            NDArray qkvBias, // [3 * hidden]
            NDArray projection, // [hidden, hidden]
            NDArray projectionBias, // [hidden]
            NDArray norm2, // [hidden]
            NDArray norm2Bias, // [hidden]
            NDArray up, // [ffn, hidden]
            NDArray upBias, // [ffn]
            NDArray down, // [hidden, ffn]
            NDArray downBias) {} // [hidden]

    private final ModelConfig config;
    private final NDManager manager;
    private final NDArray tokenEmbedding; // [vocab, hidden], also the head
    private final NDArray positionEmbedding; // [positions, hidden]
    private final NDArray finalNorm; // [hidden]
    private final NDArray finalNormBias; // [hidden]
    private final Block[] blocks;
    private final long weightBytes;

    Gpt2Model(ModelConfig config, Checkpoint checkpoint, NDManager parent) {
        this.config = config;
        this.manager = parent.newSubManager();
        Weights w = new Weights(checkpoint, manager);
        String root = checkpoint.contains("transformer.wte.weight") ? "transformer." : "";
        long h = config.hiddenSize();
        long ffn = config.intermediateSize();
        tokenEmbedding = w.load(root + "wte.weight", config.vocabSize(), h);
        positionEmbedding = w.load(root + "wpe.weight", config.maxPositions(), h);
        finalNorm = w.load(root + "ln_f.weight", h);
        finalNormBias = w.load(root + "ln_f.bias", h);
        blocks = new Block[config.numLayers()];
        for (int l = 0; l < blocks.length; l++) {
            String p = root + "h." + l + ".";
            blocks[l] = new Block(
                    w.load(p + "ln_1.weight", h),
                    w.load(p + "ln_1.bias", h),
                    w.loadTransposed(p + "attn.c_attn.weight", h, 3 * h),
                    w.load(p + "attn.c_attn.bias", 3 * h),
                    w.loadTransposed(p + "attn.c_proj.weight", h, h),
                    w.load(p + "attn.c_proj.bias", h),
                    w.load(p + "ln_2.weight", h),
                    w.load(p + "ln_2.bias", h),
                    w.loadTransposed(p + "mlp.c_fc.weight", h, ffn),
                    w.load(p + "mlp.c_fc.bias", ffn),
                    w.loadTransposed(p + "mlp.c_proj.weight", ffn, h),
                    w.load(p + "mlp.c_proj.bias", h));
        }
        this.weightBytes = w.bytes();
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public NDArray embed(NDArray tokenIds, ForwardContext context) {
        NDArray tokens = tokenEmbedding.get(new NDIndex("{}", tokenIds));
        return tokens.add(positionEmbedding.get(new NDIndex("{}", context.positions())));
    }

    @Override
    public NDArray block(int layer, NDArray x, ForwardContext context) {
        Block block = blocks[layer];
        int b = context.batchSize();
        int n = context.tokens();
        int heads = config.numHeads();
        int d = config.headDim();
        long h = config.hiddenSize();
        float eps = config.normEps();
        NDArray qkv =
                Layers.linear(Layers.layerNorm(x, block.norm1(), block.norm1Bias(), eps), block.qkv(), block.qkvBias());
        NDArray q = qkv.get(new NDIndex("..., :{}", h)).reshape(b, n, heads, d);
        NDArray k = qkv.get(new NDIndex("..., {}:{}", h, 2 * h)).reshape(b, n, heads, d);
        NDArray v = qkv.get(new NDIndex("..., {}:", 2 * h)).reshape(b, n, heads, d);
        NDArray attended = Attention.attend(layer, q, k, v, context, config);
        NDArray residual = x.add(Layers.linear(attended, block.projection(), block.projectionBias()));
        NDArray mlpIn = Layers.layerNorm(residual, block.norm2(), block.norm2Bias(), eps);
        NDArray mlp = Layers.linear(
                Layers.geluTanh(Layers.linear(mlpIn, block.up(), block.upBias())), block.down(), block.downBias());
        return residual.add(mlp);
    }

    @Override
    public NDArray logits(NDArray x) {
        return Layers.linear(Layers.layerNorm(x, finalNorm, finalNormBias, config.normEps()), tokenEmbedding, null);
    }

    @Override
    public List<NDArray> parameters() {
        List<NDArray> all = new ArrayList<>(List.of(tokenEmbedding, positionEmbedding, finalNorm, finalNormBias));
        for (Block b : blocks) {
            all.addAll(List.of(
                    b.norm1(),
                    b.norm1Bias(),
                    b.qkv(),
                    b.qkvBias(),
                    b.projection(),
                    b.projectionBias(),
                    b.norm2(),
                    b.norm2Bias(),
                    b.up(),
                    b.upBias(),
                    b.down(),
                    b.downBias()));
        }
        return all;
    }

    @Override
    public void save(SafetensorsWriter w) {
        Weights.save(w, "wte.weight", tokenEmbedding);
        Weights.save(w, "wpe.weight", positionEmbedding);
        for (int l = 0; l < blocks.length; l++) {
            Block b = blocks[l];
            String p = "h." + l + ".";
            Weights.save(w, p + "ln_1.weight", b.norm1());
            Weights.save(w, p + "ln_1.bias", b.norm1Bias());
            Weights.save(w, p + "attn.c_attn.weight", b.qkv().transpose());
            Weights.save(w, p + "attn.c_attn.bias", b.qkvBias());
            Weights.save(w, p + "attn.c_proj.weight", b.projection().transpose());
            Weights.save(w, p + "attn.c_proj.bias", b.projectionBias());
            Weights.save(w, p + "ln_2.weight", b.norm2());
            Weights.save(w, p + "ln_2.bias", b.norm2Bias());
            Weights.save(w, p + "mlp.c_fc.weight", b.up().transpose());
            Weights.save(w, p + "mlp.c_fc.bias", b.upBias());
            Weights.save(w, p + "mlp.c_proj.weight", b.down().transpose());
            Weights.save(w, p + "mlp.c_proj.bias", b.downBias());
        }
        Weights.save(w, "ln_f.weight", finalNorm);
        Weights.save(w, "ln_f.bias", finalNormBias);
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
