package io.pluralign.engine.chat;

import com.hubspot.jinjava.tree.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model's chat template, read from its Hugging Face folder and parsed once, that turns a conversation into the
 * prompt text the model was trained on, the way {@code transformers}' {@code apply_chat_template(messages,
 * tokenize=False, add_generation_prompt=...)} does.
 *
 * <p>Where the template comes from, as in {@code transformers}: {@code chat_template.jinja} in the folder if present (it
 * overrides the config); else the {@code chat_template} of {@code tokenizer_config.json}, a string or a list of {@code
 * {"name", "template"}} of which {@code default} is used. The template sees what {@code transformers} passes: {@code
 * messages} (dicts with {@code role} and {@code content}), {@code add_generation_prompt}, the special tokens of {@code
 * tokenizer_config.json} ({@code bos_token}, {@code eos_token}, {@code unk_token}, {@code pad_token}... as strings,
 * whether written as strings or as AddedToken objects; {@code special_tokens_map.json} fills in missing ones), and the
 * functions {@code raise_exception(msg)} and {@code strftime_now(format)}.
 *
 * <p>The templates are Jinja2 and are rendered with Jinjava, made to read them as Jinja2 with {@code transformers}'
 * settings does: {@code trim_blocks}, {@code lstrip_blocks} and {@code -}/{@code +} whitespace control are applied to the
 * source before Jinjava parses it, as Jinja2's lexer applies them; Python {@code str} methods ({@code strip}, {@code
 * lstrip}, {@code rstrip}, {@code startswith}, {@code endswith}, {@code split}, {@code rsplit}, {@code upper}, {@code
 * lower}, {@code title}, {@code capitalize}, {@code replace}, {@code find}, {@code join}) and string indexing come from
 * an expression resolver; {@code tojson} writes what Python's {@code json.dumps} writes; the {@code items} filter and a
 * pass-through {@code {% generation %}} tag are added; and a few expressions Jinjava would read differently ({@code not
 * a == b}, {@code f(k=a - 1)}, {@code x[::-1]}, {@code for x in xs if c}, Python string escapes) are rewritten to
 * Jinjava forms with Jinja2's meaning. Dict methods, {@code loop.*}, slices, {@code namespace()}, {@code is
 * defined/none/string} and {@code break}/{@code continue} work in Jinjava as they are. Message text is never evaluated
 * as template code. A filter or test the engine does not know, like a syntax error in any branch, fails at load.
 *
 * <p>A folder without a template (a base model such as GPT-2) gets a plain transcript, one {@code Role: content} turn
 * per message (the role capitalised) each followed by a blank line, and {@code Assistant:} as the generation prompt:
 *
 * <pre>{@code
 * System: Be brief.
 *
 * User: Hi
 *
 * Assistant:
 * }</pre>
 *
 * <p>Instances are immutable and safe to share between threads; {@link #render} parses nothing.
 */
public final class ChatTemplate {
    /** The plain transcript format used when a folder has no chat template. */
    static final String FALLBACK_TEMPLATE = "{% for message in messages %}"
            + "{{ message['role'] | capitalize }}: {{ message['content'] }}\n\n"
            + "{% endfor %}"
            + "{% if add_generation_prompt %}Assistant:{% endif %}";

    static final String FALLBACK_ORIGIN = "built-in plain transcript template";

    private final Node root;
    private final String origin;
    private final boolean fallback;
    private final Map<String, Object> specialTokens;

    private ChatTemplate(Node root, String origin, boolean fallback, Map<String, Object> specialTokens) {
        this.root = root;
        this.origin = origin;
        this.fallback = fallback;
        this.specialTokens = specialTokens;
    }

    /**
     * Reads and parses the chat template of a Hugging Face model folder.
     *
     * @throws ChatTemplateException naming the file, if the folder's files cannot be read, are not valid JSON, or the
     *     template does not parse
     */
    public static ChatTemplate load(Path modelFolder) {
        Objects.requireNonNull(modelFolder, "modelFolder");
        ModelFolderFiles.Contents contents = ModelFolderFiles.read(modelFolder);
        if (contents.template() == null) {
            String origin = modelFolder + " (no chat template: " + FALLBACK_ORIGIN + ")";
            return parse(FALLBACK_TEMPLATE, origin, true, contents.specialTokens());
        }
        return parse(contents.template(), contents.origin(), false, contents.specialTokens());
    }

    /** A template from source text, for tests. */
    static ChatTemplate of(String source, String origin, Map<String, Object> specialTokens) {
        return parse(source, origin, false, Map.copyOf(specialTokens));
    }

    private static ChatTemplate parse(
            String source, String origin, boolean fallback, Map<String, Object> specialTokens) {
        return new ChatTemplate(JinjaEngine.INSTANCE.parse(source, origin), origin, fallback, specialTokens);
    }

    /**
     * The prompt for a conversation.
     *
     * @param messages the turns so far, oldest first
     * @param addGenerationPrompt whether to end with the text that opens the assistant's turn (for example {@code
     *     <|im_start|>assistant\n}), as for generating a reply; false to render a finished conversation
     * @throws ChatTemplateException if the template refuses the conversation ({@link ChatTemplateException#refusal()}
     *     holds its message) or fails to render
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        Objects.requireNonNull(messages, "messages");
        List<Map<String, Object>> turns = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            Objects.requireNonNull(message, "messages holds a null message");
            Map<String, Object> turn = new LinkedHashMap<>(4);
            turn.put("role", message.role());
            turn.put("content", message.content());
            turns.add(turn);
        }
        Map<String, Object> bindings = new HashMap<>(specialTokens.size() * 2 + 4);
        bindings.putAll(specialTokens);
        bindings.put("messages", turns);
        bindings.put("add_generation_prompt", addGenerationPrompt);
        return JinjaEngine.INSTANCE.render(root, bindings, origin);
    }

    /** The file (and key) the template was read from, or the folder and the fallback's name. */
    public String origin() {
        return origin;
    }

    /** Whether the folder had no chat template and the plain transcript format is used. */
    public boolean isFallback() {
        return fallback;
    }

    @Override
    public String toString() {
        return "ChatTemplate[" + origin + "]";
    }
}
