package io.pluralign.engine.model.llama;

import io.pluralign.engine.model.CpuDecoder;
import io.pluralign.engine.model.KvCache;
import io.pluralign.engine.model.ModelConfig;
import io.pluralign.engine.model.cpu.F32Matrix;
import io.pluralign.engine.model.cpu.ThreadTeam;
import io.pluralign.engine.model.cpu.VectorKernels;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * {@link LlamaModel}'s decode step in plain Java: the same block (RMSNorm, fused q/k/v with optional biases, rotary
 * positions, grouped-query attention with an optional sliding window, fused SwiGLU MLP) over the same weights and
 * KV cache memory (weights copied to the heap, the cache read and written in place), with the matrix-vector products
 * and attention split over a {@link ThreadTeam}.
 */
final class LlamaCpuDecoder implements CpuDecoder {

    /** The model's weights on the heap: the CPU decoders of one model share them. */
    record Weights(F32Matrix embedding, F32Matrix head, float[] finalNorm, Block[] blocks) {}

    /** Per block, the weights on the heap. */
    record Block(
            float[] inputNorm,
            F32Matrix qkv,
            float[] qkvBias,
            F32Matrix output,
            float[] outputBias,
            float[] postNorm,
            F32Matrix gateUp,
            F32Matrix down) {}

    /** Weight rows times columns below which a product is not worth splitting across threads. */
    private static final int GRAIN_FLOATS = 1 << 15;

    private final ModelConfig config;
    private final F32Matrix embedding;
    private final F32Matrix head;
    private final float[] finalNorm;
    private final Block[] blocks;
    private final float[] inverseFrequencies;
    private final ByteBuffer[] keys;
    private final ByteBuffer[] values;
    private final FloatBuffer[] keyFloats;
    private final FloatBuffer[] valueFloats;
    private final int maxLength;
    private final ThreadTeam team;

    LlamaCpuDecoder(ModelConfig config, Weights weights, float[] inverseFrequencies, KvCache cache) {
        this.config = config;
        this.embedding = weights.embedding();
        this.head = weights.head();
        this.finalNorm = weights.finalNorm();
        this.blocks = weights.blocks();
        this.inverseFrequencies = inverseFrequencies;
        this.maxLength = cache.maxLength();
        int layers = config.numLayers();
        keys = new ByteBuffer[layers];
        values = new ByteBuffer[layers];
        keyFloats = new FloatBuffer[layers];
        valueFloats = new FloatBuffer[layers];
        for (int l = 0; l < layers; l++) {
            keys[l] = cache.keyStorage(l);
            values[l] = cache.valueStorage(l);
            keyFloats[l] = keys[l].asFloatBuffer();
            valueFloats[l] = values[l].asFloatBuffer();
        }
        this.team = new ThreadTeam(Runtime.getRuntime().availableProcessors(), "pluralign-cpu-decode");
    }

    @Override
    public float[] decode(int[] tokens, int[] positions, Map<Integer, float[]> steering) {
        int rows = tokens.length;
        int h = config.hiddenSize();
        float[] x = new float[rows * h];
        for (int r = 0; r < rows; r++) {
            embedding.readRow(tokens[r], x, r * h);
        }
        float[] normed = new float[rows * h];
        for (int layer = 0; layer < blocks.length; layer++) {
            block(layer, x, normed, positions);
            float[] steer = steering.get(layer);
            if (steer != null) {
                for (int i = 0; i < x.length; i++) {
                    x[i] += steer[i];
                }
            }
        }
        rmsNorm(x, finalNorm, normed);
        float[] logits = new float[rows * head.rows()];
        matVec(head, normed, rows, logits);
        return logits;
    }

    private void block(int layer, float[] x, float[] normed, int[] positions) {
        Block block = blocks[layer];
        int rows = positions.length;
        int d = config.headDim();
        int q = config.numHeads() * d;
        int kv = config.numKvHeads() * d;
        int width = q + 2 * kv;
        rmsNorm(x, block.inputNorm(), normed);
        float[] qkv = new float[rows * width];
        matVec(block.qkv(), normed, rows, qkv);
        for (int r = 0; r < rows; r++) {
            int row = r * width;
            addBias(qkv, row, block.qkvBias());
            rotate(qkv, row, config.numHeads() + config.numKvHeads(), positions[r]);
            for (int kh = 0; kh < config.numKvHeads(); kh++) {
                int at = cacheOffset(r, kh) + positions[r] * d;
                keyFloats[layer].put(at, qkv, row + q + kh * d, d);
                valueFloats[layer].put(at, qkv, row + q + kv + kh * d, d);
            }
        }
        float[] attended = new float[rows * q];
        team.run(rows * config.numHeads(), 1, (from, to) -> attend(layer, qkv, positions, attended, from, to));
        float[] projected = new float[rows * config.hiddenSize()];
        matVec(block.output(), attended, rows, projected);
        addResidual(x, projected, block.outputBias());
        rmsNorm(x, block.postNorm(), normed);
        int ffn = config.intermediateSize();
        float[] gateUp = new float[rows * 2 * ffn];
        matVec(block.gateUp(), normed, rows, gateUp);
        float[] activated = new float[rows * ffn];
        team.run(rows * ffn, GRAIN_FLOATS / 16, (from, to) -> {
            for (int i = from; i < to; i++) {
                int at = (i / ffn) * 2 * ffn + i % ffn;
                float gate = gateUp[at];
                float sigmoid = (float) (1.0 / (1.0 + Math.exp(-gate)));
                activated[i] = gate * sigmoid * gateUp[at + ffn];
            }
        });
        matVec(block.down(), activated, rows, projected);
        addResidual(x, projected, null);
    }

    /** Attention of (row, head) pairs [from, to) of this step, each over its own cached keys. */
    private void attend(int layer, float[] qkv, int[] positions, float[] out, int from, int to) {
        int d = config.headDim();
        int heads = config.numHeads();
        int group = config.groupSize();
        int width = (heads + 2 * config.numKvHeads()) * d;
        int window = config.slidingWindow();
        float scale = (float) (1.0 / Math.sqrt(d));
        float[] scores = new float[maxLength];
        for (int pair = from; pair < to; pair++) {
            int r = pair / heads;
            int head = pair % heads;
            int p = positions[r];
            int first = window > 0 ? Math.max(0, p - window + 1) : 0;
            int base = cacheOffset(r, head / group);
            int query = r * width + head * d;
            float max = Float.NEGATIVE_INFINITY;
            for (int t = first; t <= p; t++) {
                float s = VectorKernels.dot(keys[layer], (base + t * d) * Float.BYTES, qkv, query, d) * scale;
                scores[t] = s;
                max = Math.max(max, s);
            }
            float sum = 0f;
            for (int t = first; t <= p; t++) {
                scores[t] = (float) Math.exp(scores[t] - max);
                sum += scores[t];
            }
            int target = r * heads * d + head * d;
            for (int t = first; t <= p; t++) {
                VectorKernels.addScaled(scores[t] / sum, values[layer], (base + t * d) * Float.BYTES, out, target, d);
            }
        }
    }

    /** Float offset of (slot, kvHead)'s first position in a layer's [slots, kvHeads, maxLen, headDim] cache. */
    private int cacheOffset(int slot, int kvHead) {
        return (slot * config.numKvHeads() + kvHead) * maxLength * config.headDim();
    }

    /** Rotary positions on the first {@code heads} heads of a row (its queries, then its keys), half-split layout. */
    private void rotate(float[] qkv, int row, int heads, int position) {
        int half = inverseFrequencies.length;
        int d = 2 * half;
        for (int j = 0; j < half; j++) {
            float angle = position * inverseFrequencies[j];
            float cos = (float) Math.cos(angle);
            float sin = (float) Math.sin(angle);
            for (int head = 0; head < heads; head++) {
                int i = row + head * d + j;
                float first = qkv[i];
                float second = qkv[i + half];
                qkv[i] = first * cos - second * sin;
                qkv[i + half] = second * cos + first * sin;
            }
        }
    }

    private void matVec(F32Matrix w, float[] x, int rows, float[] y) {
        int grain = Math.max(1, GRAIN_FLOATS / w.cols());
        team.run(w.rows(), grain, (from, to) -> VectorKernels.matVec(w, x, rows, y, from, to));
    }

    /** out = x / sqrt(mean(x^2) + eps) * weight, per row of hidden size. */
    private void rmsNorm(float[] x, float[] weight, float[] out) {
        int h = weight.length;
        for (int start = 0; start < x.length; start += h) {
            double squares = 0;
            for (int i = 0; i < h; i++) {
                squares += (double) x[start + i] * x[start + i];
            }
            float scale = (float) Math.sqrt(squares / h + config.normEps());
            for (int i = 0; i < h; i++) {
                out[start + i] = x[start + i] / scale * weight[i];
            }
        }
    }

    private static void addBias(float[] y, int offset, float[] bias) {
        if (bias != null) {
            for (int i = 0; i < bias.length; i++) {
                y[offset + i] += bias[i];
            }
        }
    }

    private static void addResidual(float[] x, float[] delta, float[] bias) {
        int h = bias == null ? x.length : bias.length;
        for (int i = 0; i < x.length; i++) {
            x[i] += bias == null ? delta[i] : delta[i] + bias[i % h];
        }
    }

    @Override
    public void close() {
        team.close();
    }
}
