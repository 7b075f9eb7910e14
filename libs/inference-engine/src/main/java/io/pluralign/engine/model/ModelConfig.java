package io.pluralign.engine.model;

import java.util.Arrays;

/**
 * The shape of a decoder-only transformer, read from {@code config.json} by its family. Validated here so a malformed
 * config fails at load with the offending field rather than as a shape error deep in a forward pass.
 *
 * @param architecture the {@code architectures[0]} value, e.g. {@code LlamaForCausalLM}
 * @param slidingWindow attention window in tokens, 0 for full attention
 * @param eosTokenIds tokens that end generation (from config.json and generation_config.json)
 */
public record ModelConfig(
        String architecture,
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        int intermediateSize,
        int maxPositions,
        float normEps,
        double ropeTheta,
        RopeScaling ropeScaling,
        boolean tieWordEmbeddings,
        boolean attentionBias,
        int slidingWindow,
        int bosTokenId,
        int[] eosTokenIds) {

    public ModelConfig {
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("num_hidden_layers", numLayers);
        positive("num_attention_heads", numHeads);
        positive("num_key_value_heads", numKvHeads);
        positive("head_dim", headDim);
        positive("intermediate_size", intermediateSize);
        positive("max_position_embeddings", maxPositions);
        if (numHeads % numKvHeads != 0) {
            throw new IllegalArgumentException("config.json: num_attention_heads (" + numHeads
                    + ") is not a multiple of num_key_value_heads (" + numKvHeads + ")");
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("config.json: head_dim " + headDim + " must be even");
        }
        if (!(normEps > 0)) {
            throw new IllegalArgumentException("config.json: the norm epsilon must be positive, got " + normEps);
        }
        if (slidingWindow < 0) {
            throw new IllegalArgumentException("config.json: sliding_window must not be negative");
        }
        eosTokenIds = eosTokenIds.clone();
    }

    @Override
    public int[] eosTokenIds() {
        return eosTokenIds.clone();
    }

    /** Query heads per key/value head (grouped-query attention). */
    public int groupSize() {
        return numHeads / numKvHeads;
    }

    /** A copy with other end-of-sequence tokens (generation_config.json may name more than config.json). */
    public ModelConfig withEosTokenIds(int[] ids) {
        return new ModelConfig(
                architecture,
                vocabSize,
                hiddenSize,
                numLayers,
                numHeads,
                numKvHeads,
                headDim,
                intermediateSize,
                maxPositions,
                normEps,
                ropeTheta,
                ropeScaling,
                tieWordEmbeddings,
                attentionBias,
                slidingWindow,
                bosTokenId,
                ids);
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("config.json: " + field + " must be positive, got " + value);
        }
    }

    @Override
    public String toString() {
        return architecture + "[layers=" + numLayers + ", hidden=" + hiddenSize + ", heads=" + numHeads + "/"
                + numKvHeads + ", headDim=" + headDim + ", ffn=" + intermediateSize + ", vocab=" + vocabSize
                + ", ctx=" + maxPositions + ", eos=" + Arrays.toString(eosTokenIds) + "]";
    }
}
