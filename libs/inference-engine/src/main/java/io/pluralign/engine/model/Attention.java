package io.pluralign.engine.model;

import ai.djl.ndarray.NDArray;

/**
 * Scaled dot-product attention with grouped-query heads, shared by every family. Query heads are grouped under their
 * key/value head by reshaping (no repeated keys), and keys/values come from the KV cache when the pass has one.
 */
public final class Attention {

    private Attention() {}

    /**
     * @param q [batch, tokens, heads, headDim], already position-encoded
     * @param k [batch, tokens, kvHeads, headDim], already position-encoded
     * @param v [batch, tokens, kvHeads, headDim]
     * @return [batch, tokens, heads * headDim]
     */
    public static NDArray attend(
            int layer, NDArray q, NDArray k, NDArray v, ForwardContext context, ModelConfig config) {
        int b = context.batchSize();
        int n = context.tokens();
        int kvHeads = config.numKvHeads();
        int group = config.groupSize();
        int d = config.headDim();
        NDArray keys; // [batch, kvHeads, keysLength, headDim]
        NDArray values; // [batch, kvHeads, keysLength, headDim]
        KvCache cache = context.cache();
        if (cache != null) {
            cache.write(layer, context, k, v);
            keys = cache.keys(layer, context);
            values = cache.values(layer, context);
        } else {
            keys = k.transpose(0, 2, 1, 3);
            values = v.transpose(0, 2, 1, 3);
        }
        int t = context.cacheLength();
        NDArray grouped = q.reshape(b, n, kvHeads, group, d)
                .transpose(0, 2, 3, 1, 4)
                .reshape(b, kvHeads, (long) group * n, d); // [batch, kvHeads, group * tokens, headDim]
        NDArray scores = grouped.matMul(keys.transpose(0, 1, 3, 2))
                .mul(1.0 / Math.sqrt(d))
                .reshape(b, kvHeads, group, n, t)
                .add(context.attentionMask(config.slidingWindow()))
                .softmax(-1)
                .reshape(b, kvHeads, (long) group * n, t); // [batch, kvHeads, group * tokens, keys]
        return scores.matMul(values) // [batch, kvHeads, group * tokens, headDim]
                .reshape(b, kvHeads, group, n, d)
                .transpose(0, 3, 1, 2, 4)
                .reshape(b, n, (long) config.numHeads() * d);
    }
}
