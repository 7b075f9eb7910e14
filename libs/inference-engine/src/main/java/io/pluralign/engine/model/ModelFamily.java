package io.pluralign.engine.model;

import ai.djl.ndarray.NDManager;
import io.pluralign.engine.checkpoint.Checkpoint;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** One transformer family: how its config.json reads and how its checkpoint becomes a {@link CausalLm}. */
public interface ModelFamily {

    /** The {@code architectures} names of config.json this family loads, e.g. {@code LlamaForCausalLM}. */
    Set<String> architectures();

    /** Reads config.json; missing or invalid fields fail naming the field. */
    ModelConfig readConfig(JsonNode config);

    /** Loads the weights into arrays of {@code manager}, checking every tensor's shape against {@code config}. */
    CausalLm load(ModelConfig config, Checkpoint checkpoint, NDManager manager);
}
