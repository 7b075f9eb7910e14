package io.pluralign.engine.model.llama;

import static io.pluralign.engine.model.ConfigFields.intOrList;
import static io.pluralign.engine.model.ConfigFields.optBoolean;
import static io.pluralign.engine.model.ConfigFields.optDouble;
import static io.pluralign.engine.model.ConfigFields.optInt;
import static io.pluralign.engine.model.ConfigFields.requireInt;

import io.pluralign.engine.model.ModelConfig;
import io.pluralign.engine.model.RopeScaling;
import tools.jackson.databind.JsonNode;

/** The config.json fields Llama, Qwen2 and Mistral share. */
final class LlamaConfigReader {

    private LlamaConfigReader() {}

    static ModelConfig read(JsonNode json, boolean attentionBias, int slidingWindow, boolean tiedByDefault) {
        if (optBoolean(json, "mlp_bias", false)) {
            throw new IllegalArgumentException("config.json: mlp_bias=true is not supported");
        }
        int hidden = requireInt(json, "hidden_size");
        int heads = requireInt(json, "num_attention_heads");
        int[] eos = intOrList(json, "eos_token_id");
        return new ModelConfig(
                json.path("architectures").path(0).asString(""),
                requireInt(json, "vocab_size"),
                hidden,
                requireInt(json, "num_hidden_layers"),
                heads,
                optInt(json, "num_key_value_heads", heads),
                optInt(json, "head_dim", heads > 0 ? hidden / heads : 0),
                requireInt(json, "intermediate_size"),
                optInt(json, "max_position_embeddings", 2048),
                (float) optDouble(json, "rms_norm_eps", 1e-6),
                optDouble(json, "rope_theta", 10000),
                ropeScaling(json.get("rope_scaling")),
                optBoolean(json, "tie_word_embeddings", tiedByDefault),
                attentionBias,
                slidingWindow,
                optInt(json, "bos_token_id", -1),
                eos);
    }

    private static RopeScaling ropeScaling(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String type = node.path("rope_type").asString(node.path("type").asString(""));
        if (type.equals("default")) {
            return null;
        }
        return new RopeScaling(
                type,
                optDouble(node, "factor", 0),
                optDouble(node, "low_freq_factor", 1),
                optDouble(node, "high_freq_factor", 4),
                optInt(node, "original_max_position_embeddings", 0));
    }
}
