package io.pluralign.engine.model.gpt2;

import static io.pluralign.engine.model.ConfigFields.intOrList;
import static io.pluralign.engine.model.ConfigFields.optDouble;
import static io.pluralign.engine.model.ConfigFields.optInt;
import static io.pluralign.engine.model.ConfigFields.requireInt;

import ai.djl.ndarray.NDManager;
import io.pluralign.engine.checkpoint.Checkpoint;
import io.pluralign.engine.model.CausalLm;
import io.pluralign.engine.model.ModelConfig;
import io.pluralign.engine.model.ModelFamily;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** {@code GPT2LMHeadModel}: GPT-2 checkpoints (always tied embeddings, gelu_new activation). */
public final class Gpt2Family implements ModelFamily {

    @Override
    public Set<String> architectures() {
        return Set.of("GPT2LMHeadModel");
    }

    @Override
    public ModelConfig readConfig(JsonNode json) {
        String activation = json.path("activation_function").asString("gelu_new");
        if (!activation.equals("gelu_new") && !activation.equals("gelu_pytorch_tanh")) {
            throw new IllegalArgumentException(
                    "config.json: activation_function '" + activation + "' is not supported (gelu_new is)");
        }
        int hidden = requireInt(json, "n_embd");
        int heads = requireInt(json, "n_head");
        if (heads <= 0 || hidden % heads != 0) {
            throw new IllegalArgumentException("config.json: n_embd must be a multiple of n_head");
        }
        return new ModelConfig(
                "GPT2LMHeadModel",
                requireInt(json, "vocab_size"),
                hidden,
                requireInt(json, "n_layer"),
                heads,
                heads,
                hidden / heads,
                optInt(json, "n_inner", 4 * hidden),
                requireInt(json, "n_positions"),
                (float) optDouble(json, "layer_norm_epsilon", 1e-5),
                0,
                null,
                true,
                true,
                0,
                optInt(json, "bos_token_id", -1),
                intOrList(json, "eos_token_id"));
    }

    @Override
    public CausalLm load(ModelConfig config, Checkpoint checkpoint, NDManager manager) {
        return new Gpt2Model(config, checkpoint, manager);
    }
}
