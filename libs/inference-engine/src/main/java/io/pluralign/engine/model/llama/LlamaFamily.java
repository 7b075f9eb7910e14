package io.pluralign.engine.model.llama;

import static io.pluralign.engine.model.ConfigFields.optBoolean;

import ai.djl.ndarray.NDManager;
import io.pluralign.engine.checkpoint.Checkpoint;
import io.pluralign.engine.model.CausalLm;
import io.pluralign.engine.model.ModelConfig;
import io.pluralign.engine.model.ModelFamily;
import io.pluralign.engine.model.RopeScaling;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** {@code LlamaForCausalLM}: Llama 2 and 3 (with Llama 3.1 rope scaling), and the bundled model. */
public final class LlamaFamily implements ModelFamily {

    @Override
    public Set<String> architectures() {
        return Set.of("LlamaForCausalLM");
    }

    @Override
    public ModelConfig readConfig(JsonNode json) {
        return LlamaConfigReader.read(json, optBoolean(json, "attention_bias", false), 0, false);
    }

    @Override
    public CausalLm load(ModelConfig config, Checkpoint checkpoint, NDManager manager) {
        return new LlamaModel(config, checkpoint, manager, config.attentionBias(), frequencies(config));
    }

    static float[] frequencies(ModelConfig config) {
        return RopeScaling.inverseFrequencies(config.headDim(), config.ropeTheta(), config.ropeScaling());
    }
}
