package io.pluralign.engine.model.llama;

import static io.pluralign.engine.model.ConfigFields.optBoolean;

import ai.djl.ndarray.NDManager;
import io.pluralign.engine.checkpoint.Checkpoint;
import io.pluralign.engine.model.CausalLm;
import io.pluralign.engine.model.ModelConfig;
import io.pluralign.engine.model.ModelFamily;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** {@code Qwen2ForCausalLM}: the Llama block with biases on the q, k and v projections (none on the output). */
public final class Qwen2Family implements ModelFamily {

    @Override
    public Set<String> architectures() {
        return Set.of("Qwen2ForCausalLM");
    }

    @Override
    public ModelConfig readConfig(JsonNode json) {
        if (optBoolean(json, "use_sliding_window", false)) {
            throw new IllegalArgumentException(
                    "config.json: use_sliding_window=true (Qwen2's per-layer windows) is" + " not supported");
        }
        return LlamaConfigReader.read(json, true, 0, false);
    }

    @Override
    public CausalLm load(ModelConfig config, Checkpoint checkpoint, NDManager manager) {
        return new LlamaModel(config, checkpoint, manager, false, LlamaFamily.frequencies(config));
    }
}
