package io.pluralign.engine;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The model's tokenizer.json through DJL's Hugging Face tokenizer, with truncation and automatic special tokens off:
 * prompts come from the chat template, which places special tokens itself, and nothing is silently cut.
 */
public final class TextTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    private TextTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Loads {@code tokenizer.json} from a model folder. */
    public static TextTokenizer load(Path folder) {
        Path file = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": does not exist (the model folder needs its tokenizer)");
        }
        try {
            return new TextTokenizer(HuggingFaceTokenizer.newInstance(
                    file, Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": cannot be loaded: " + e.getMessage(), e);
        }
    }

    /** Token ids of {@code text}; special-token strings in it (e.g. {@code <|user|>}) become their ids. */
    public int[] encode(String text) {
        Encoding encoding = tokenizer.encode(text, false, false);
        long[] ids = encoding.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    /** Text of {@code ids}, special tokens left out. */
    public String decode(int[] ids, int length) {
        long[] longs = new long[length];
        for (int i = 0; i < length; i++) {
            longs[i] = ids[i];
        }
        return tokenizer.decode(longs, true);
    }

    public String decode(int[] ids) {
        return decode(ids, ids.length);
    }

    /** The id of a single token string (a special token), or -1 when the vocabulary lacks it. */
    public int tokenId(String token) {
        int[] ids = encode(token);
        return ids.length == 1 ? ids[0] : -1;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
