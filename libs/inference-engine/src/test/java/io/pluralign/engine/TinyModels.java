package io.pluralign.engine;

import io.pluralign.engine.checkpoint.RandomCheckpoint;
import io.pluralign.engine.checkpoint.TensorDType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Tiny random checkpoints of every family, as the tests use them. */
final class TinyModels {

    static final String[] FAMILIES = {"llama", "qwen2", "mistral", "gpt2"};

    private TinyModels() {}

    /** 2 layers, hidden 64, 4 query heads over 2 KV heads (grouped-query) for the Llama family, vocab 97. */
    static RandomCheckpoint spec(String family) {
        boolean gpt2 = family.equals("gpt2");
        return new RandomCheckpoint(
                family,
                97,
                64,
                2,
                4,
                gpt2 ? 4 : 2,
                96,
                64,
                !family.equals("llama"),
                family.equals("mistral") ? 5 : 0,
                family.hashCode());
    }

    static Path write(String family, Path folder) {
        try {
            return spec(family).write(folder, TensorDType.F32);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
