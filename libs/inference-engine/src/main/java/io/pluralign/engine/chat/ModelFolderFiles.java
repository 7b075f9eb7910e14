package io.pluralign.engine.chat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a model folder's chat template and special tokens where {@code transformers} looks for them.
 *
 * <ul>
 *   <li>Template: {@code chat_template.jinja} if present (it overrides the config, as in {@code transformers} 4.47 and
 *       later); else the {@code chat_template} key of {@code tokenizer_config.json}, either a string or a list of
 *       {@code {"name", "template"}} objects of which the one named {@code default} is used.
 *   <li>Special tokens ({@code bos_token}, {@code eos_token}, {@code unk_token}, {@code sep_token}, {@code pad_token},
 *       {@code cls_token}, {@code mask_token}, {@code additional_special_tokens}): from {@code tokenizer_config.json},
 *       each a plain string or an AddedToken object whose {@code content} is the token; {@code
 *       special_tokens_map.json} fills in those the config lacks (older folders keep them only there).
 * </ul>
 */
final class ModelFolderFiles {
    static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    static final String SPECIAL_TOKENS_MAP = "special_tokens_map.json";
    static final String CHAT_TEMPLATE_FILE = "chat_template.jinja";

    private static final List<String> SINGLE_TOKENS =
            List.of("bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token");
    private static final String ADDITIONAL_TOKENS = "additional_special_tokens";
    private static final String DEFAULT_TEMPLATE_NAME = "default";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /**
     * What a folder holds.
     *
     * @param template the Jinja source, or null if the folder has no chat template
     * @param origin the file (and key) the template came from, for messages
     * @param specialTokens token name to string, or to a list of strings for {@code additional_special_tokens}
     */
    record Contents(String template, String origin, Map<String, Object> specialTokens) {}

    private ModelFolderFiles() {}

    static Contents read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new ChatTemplateException("not a model folder: " + folder);
        }
        Path configFile = folder.resolve(TOKENIZER_CONFIG);
        JsonNode config = Files.isRegularFile(configFile) ? readJson(configFile) : null;

        Map<String, Object> tokens = new LinkedHashMap<>();
        if (config != null) {
            addSpecialTokens(config, configFile, tokens);
        }
        Path mapFile = folder.resolve(SPECIAL_TOKENS_MAP);
        if (Files.isRegularFile(mapFile)) {
            Map<String, Object> fromMap = new LinkedHashMap<>();
            addSpecialTokens(readJson(mapFile), mapFile, fromMap);
            fromMap.forEach(tokens::putIfAbsent);
        }
        tokens = Collections.unmodifiableMap(tokens);

        Path jinjaFile = folder.resolve(CHAT_TEMPLATE_FILE);
        if (Files.isRegularFile(jinjaFile)) {
            return new Contents(readString(jinjaFile), jinjaFile.toString(), tokens);
        }
        JsonNode template = config == null ? null : config.get("chat_template");
        if (template == null || template.isNull()) {
            return new Contents(null, null, tokens);
        }
        if (template.isString()) {
            return new Contents(template.stringValue(), configFile + " (chat_template)", tokens);
        }
        if (template.isArray()) {
            return new Contents(
                    namedDefault(template, configFile), configFile + " (chat_template \"default\")", tokens);
        }
        throw new ChatTemplateException(configFile + ": chat_template is neither a string nor a list of templates");
    }

    private static String namedDefault(JsonNode templates, Path configFile) {
        List<String> names = new ArrayList<>();
        for (JsonNode entry : templates.values()) {
            JsonNode name = entry.get("name");
            JsonNode template = entry.get("template");
            if (name == null || !name.isString() || template == null || !template.isString()) {
                throw new ChatTemplateException(configFile
                        + ": each entry of the chat_template list needs a string \"name\" and a string \"template\"");
            }
            if (DEFAULT_TEMPLATE_NAME.equals(name.stringValue())) {
                return template.stringValue();
            }
            names.add(name.stringValue());
        }
        throw new ChatTemplateException(
                configFile + ": chat_template lists templates " + names + " but none named \"default\"");
    }

    private static void addSpecialTokens(JsonNode json, Path file, Map<String, Object> tokens) {
        if (!json.isObject()) {
            throw new ChatTemplateException(file + ": expected a JSON object");
        }
        for (String name : SINGLE_TOKENS) {
            JsonNode value = json.get(name);
            if (value != null && !value.isNull()) {
                tokens.put(name, tokenContent(value, name, file));
            }
        }
        JsonNode additional = json.get(ADDITIONAL_TOKENS);
        if (additional != null && additional.isArray()) {
            List<String> contents = new ArrayList<>();
            for (JsonNode value : additional.values()) {
                contents.add(tokenContent(value, ADDITIONAL_TOKENS, file));
            }
            tokens.put(ADDITIONAL_TOKENS, List.copyOf(contents));
        }
    }

    /** A token written as a plain string or as an AddedToken object {@code {"content": "<s>", ...}}. */
    private static String tokenContent(JsonNode value, String name, Path file) {
        if (value.isString()) {
            return value.stringValue();
        }
        JsonNode content = value.isObject() ? value.get("content") : null;
        if (content != null && content.isString()) {
            return content.stringValue();
        }
        throw new ChatTemplateException(
                file + ": " + name + " is neither a string nor a token object with a string \"content\"");
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file);
        } catch (JacksonException e) {
            throw new ChatTemplateException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ChatTemplateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
