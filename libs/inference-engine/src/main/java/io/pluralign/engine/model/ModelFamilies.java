package io.pluralign.engine.model;

import io.pluralign.engine.model.gpt2.Gpt2Family;
import io.pluralign.engine.model.llama.LlamaFamily;
import io.pluralign.engine.model.llama.MistralFamily;
import io.pluralign.engine.model.llama.Qwen2Family;
import java.util.List;
import java.util.TreeSet;

/** The one place model families are registered: adding a family is one line here and its own package. */
public final class ModelFamilies {

    private static final List<ModelFamily> FAMILIES =
            List.of(new LlamaFamily(), new Qwen2Family(), new MistralFamily(), new Gpt2Family());

    private ModelFamilies() {}

    /** The family that loads {@code architecture}, or an exception listing the ones that are supported. */
    public static ModelFamily forArchitecture(String architecture) {
        for (ModelFamily family : FAMILIES) {
            if (family.architectures().contains(architecture)) {
                return family;
            }
        }
        TreeSet<String> known = new TreeSet<>();
        FAMILIES.forEach(f -> known.addAll(f.architectures()));
        throw new IllegalArgumentException(
                "config.json: architecture '" + architecture + "' is not supported; supported are " + known);
    }
}
