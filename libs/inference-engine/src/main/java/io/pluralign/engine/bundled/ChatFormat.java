package io.pluralign.engine.bundled;

import java.util.List;

/**
 * The chat format of the bundled model. A conversation is
 * {@code <|bos|><|system|>\n…<|end|>\n<|user|>\n…<|end|>\n<|assistant|>\n…<|end|>\n}; the assistant's turn ends with
 * {@link #END}, which is therefore the token generation stops at. {@link #CHAT_TEMPLATE} is the same format as a Jinja
 * template (the {@code chat_template} of {@code tokenizer_config.json}).
 */
public final class ChatFormat {
    public static final String BOS = "<|bos|>";
    public static final String EOS = "<|eos|>";
    public static final String SYSTEM = "<|system|>";
    public static final String USER = "<|user|>";
    public static final String ASSISTANT = "<|assistant|>";
    public static final String END = "<|end|>";
    public static final String PAD = "<|pad|>";

    /** The special tokens, in the order of their ids (0 to 6) in the trained tokenizer. */
    public static final List<String> SPECIAL_TOKENS = List.of(BOS, EOS, SYSTEM, USER, ASSISTANT, END, PAD);

    /**
     * Jinja chat template: {@code messages} (each with {@code role} and {@code content}) and
     * {@code add_generation_prompt}, which appends the opening of an assistant turn.
     */
    public static final String CHAT_TEMPLATE = "{{- '<|bos|>' -}}\n"
            + "{%- for message in messages -%}\n"
            + "{{- '<|' ~ message['role'] ~ '|>\\n' ~ message['content'] ~ '<|end|>\\n' -}}\n"
            + "{%- endfor -%}\n"
            + "{%- if add_generation_prompt -%}\n"
            + "{{- '<|assistant|>\\n' -}}\n"
            + "{%- endif -%}";

    private ChatFormat() {}

    /** One turn: the role's token, a newline, the content, {@link #END}, a newline. */
    public static String turn(String roleToken, String content) {
        return roleToken + "\n" + content + END + "\n";
    }

    /** A whole single-turn conversation, exactly as the chat template renders it. */
    public static String conversation(String system, String user, String assistant) {
        return BOS + turn(SYSTEM, system) + turn(USER, user) + turn(ASSISTANT, assistant);
    }

    /** The prompt a model continues to answer: the conversation up to and including the assistant's role line. */
    public static String prompt(String system, String user) {
        return BOS + turn(SYSTEM, system) + turn(USER, user) + ASSISTANT + "\n";
    }
}
