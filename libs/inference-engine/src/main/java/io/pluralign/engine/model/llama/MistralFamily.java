package io.pluralign.engine.model.llama;

import static io.pluralign.engine.model.ConfigFields.optInt;

import ai.djl.ndarray.NDManager;
import io.pluralign.engine.checkpoint.Checkpoint;
import io.pluralign.engine.model.CausalLm;
import io.pluralign.engine.model.ModelConfig;
import io.pluralign.engine.model.ModelFamily;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** {@code MistralForCausalLM}: the Llama block with sliding-window attention when config.json sets a window. */
public final class MistralFamily implements ModelFamily {

    @Override
    public Set<String> architectures() {
        return Set.of("MistralForCausalLM");
    }

    @Override
    public ModelConfig readConfig(JsonNode json) {
        return LlamaConfigReader.read(json, false, optInt(json, "sliding_window", 0), false);
    }

    @Override
    public CausalLm load(ModelConfig config, Checkpoint checkpoint, NDManager manager) {
        return new LlamaModel(config, checkpoint, manager, false, LlamaFamily.frequencies(config));
    }
}
