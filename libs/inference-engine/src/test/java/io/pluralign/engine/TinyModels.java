package io.pluralign.engine;

import io.pluralign.engine.checkpoint.RandomCheckpoint;
import io.pluralign.engine.checkpoint.TensorDType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
            spec(family).write(folder, TensorDType.F32);
            Files.writeString(
                    folder.resolve("tokenizer.json"), wordTokenizer(spec(family).vocab()));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A word-level tokenizer whose tokens are the words w0, w1, ...; decoding joins them with spaces. */
    static String wordTokenizer(int vocab) {
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < vocab; i++) {
            words.append(i == 0 ? "" : ",")
                    .append("\"w")
                    .append(i)
                    .append("\":")
                    .append(i);
        }
        return "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[],"
                + "\"normalizer\":null,\"pre_tokenizer\":{\"type\":\"WhitespaceSplit\"},\"post_processor\":null,"
                + "\"decoder\":null,\"model\":{\"type\":\"WordLevel\",\"vocab\":{" + words
                + "},\"unk_token\":\"w0\"}}";
    }

    /** Text of word tokens. */
    static String words(int... ids) {
        StringBuilder text = new StringBuilder();
        for (int id : ids) {
            text.append(text.length() == 0 ? "" : " ").append('w').append(id);
        }
        return text.toString();
    }
}
