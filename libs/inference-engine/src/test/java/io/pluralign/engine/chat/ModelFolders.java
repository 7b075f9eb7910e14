package io.pluralign.engine.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Hugging Face model folders written for a test: the files {@link ChatTemplate#load} reads, nothing else. */
final class ModelFolders {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ModelFolders() {}

    /** A test template from {@code src/test/resources/chat/templates}. */
    static String template(String name) {
        try (InputStream in = ModelFolders.class.getResourceAsStream("/chat/templates/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test template " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An AddedToken object as {@code transformers} writes it into {@code tokenizer_config.json}. */
    static Map<String, Object> addedToken(String content) {
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("__type", "AddedToken");
        token.put("content", content);
        token.put("lstrip", false);
        token.put("normalized", true);
        token.put("rstrip", false);
        token.put("single_word", false);
        return token;
    }

    /** A {@code tokenizer_config.json} with a string {@code chat_template} and the given tokens. */
    static Map<String, Object> config(String template, Object bos, Object eos) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("add_bos_token", true);
        config.put("bos_token", bos);
        config.put("eos_token", eos);
        config.put("model_max_length", 4096);
        if (template != null) {
            config.put("chat_template", template);
        }
        config.put("tokenizer_class", "PreTrainedTokenizerFast");
        return config;
    }

    /** The list form: {@code [{"name": ..., "template": ...}, ...]}. */
    static List<Map<String, String>> namedTemplates(String... namesAndTemplates) {
        List<Map<String, String>> list = new java.util.ArrayList<>();
        for (int i = 0; i < namesAndTemplates.length; i += 2) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("name", namesAndTemplates[i]);
            entry.put("template", namesAndTemplates[i + 1]);
            list.add(entry);
        }
        return list;
    }

    static Path write(Path folder, String file, Object json) {
        return writeString(folder, file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    }

    static Path writeString(Path folder, String file, String text) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(file), text, StandardCharsets.UTF_8);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A folder whose {@code tokenizer_config.json} carries the template, as most instruct models ship it. */
    static Path withConfigTemplate(Path folder, String template, Object bos, Object eos) {
        return write(folder, "tokenizer_config.json", config(template, bos, eos));
    }
}
