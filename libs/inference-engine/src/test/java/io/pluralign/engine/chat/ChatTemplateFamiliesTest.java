package io.pluralign.engine.chat;

import static io.pluralign.engine.chat.ModelFolders.addedToken;
import static io.pluralign.engine.chat.ModelFolders.template;
import static io.pluralign.engine.chat.ModelFolders.withConfigTemplate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prompts for the template families instruct models ship, from templates written for these tests with the constructs
 * each family uses, rendered from a model folder as {@code transformers} would render them. The expected strings were
 * checked against Jinja2 with {@code transformers}' settings.
 */
class ChatTemplateFamiliesTest {
    private static final List<ChatMessage> CONVERSATION = List.of(
            ChatMessage.system("You are a concise assistant."),
            ChatMessage.user("What is the capital of France?"),
            ChatMessage.assistant("Paris."),
            ChatMessage.user("And of Italy?"));
    private static final List<ChatMessage> WITHOUT_SYSTEM = CONVERSATION.subList(1, 4);

    @TempDir
    Path dir;

    private ChatTemplate load(String templateFile, Object bos, Object eos) {
        return ChatTemplate.load(withConfigTemplate(dir, template(templateFile), bos, eos));
    }

    @Test
    void chatml_with_and_without_generation_prompt() {
        ChatTemplate chat = load("chatml.jinja", null, "<|im_end|>");

        String history = "<|im_start|>system\nYou are a concise assistant.<|im_end|>\n"
                + "<|im_start|>user\nWhat is the capital of France?<|im_end|>\n"
                + "<|im_start|>assistant\nParis.<|im_end|>\n"
                + "<|im_start|>user\nAnd of Italy?<|im_end|>\n";
        assertThat(chat.render(CONVERSATION, true)).isEqualTo(history + "<|im_start|>assistant\n");
        assertThat(chat.render(CONVERSATION, false)).isEqualTo(history);
    }

    @Test
    void chatml_adds_its_default_system_turn() {
        ChatTemplate chat = load("chatml.jinja", null, "<|im_end|>");

        assertThat(chat.render(List.of(ChatMessage.user("Hi")), true))
                .isEqualTo("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                        + "<|im_start|>user\nHi<|im_end|>\n"
                        + "<|im_start|>assistant\n");
    }

    @Test
    void llama3_headers_trimmed_turns_and_bos_from_an_added_token() {
        ChatTemplate chat = load("llama3.jinja", addedToken("<|begin_of_text|>"), addedToken("<|eot_id|>"));
        List<ChatMessage> untrimmed = List.of(
                ChatMessage.system("  You are a concise assistant.\n"),
                ChatMessage.user("What is the capital of France?  "),
                ChatMessage.assistant("Paris."),
                ChatMessage.user("\nAnd of Italy?"));

        String history = "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                + "Today Date: 01 Jan 2025\n\n"
                + "You are a concise assistant.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nWhat is the capital of France?<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\nParis.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nAnd of Italy?<|eot_id|>";
        assertThat(chat.render(untrimmed, true))
                .isEqualTo(history + "<|start_header_id|>assistant<|end_header_id|>\n\n");
        assertThat(chat.render(untrimmed, false)).isEqualTo(history);
    }

    @Test
    void llama3_without_system_turn_keeps_an_empty_system_header() {
        ChatTemplate chat = load("llama3.jinja", "<|begin_of_text|>", "<|eot_id|>");

        assertThat(chat.render(List.of(ChatMessage.user("Hi")), true))
                .isEqualTo("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                        + "Today Date: 01 Jan 2025\n\n<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    }

    @Test
    void mistral_instruct_format() {
        ChatTemplate chat = load("mistral.jinja", "<s>", "</s>");

        String expected = "<s>[INST] What is the capital of France? [/INST]Paris.</s>[INST] And of Italy? [/INST]";
        assertThat(chat.render(WITHOUT_SYSTEM, true)).isEqualTo(expected);
        assertThat(chat.render(WITHOUT_SYSTEM, false)).isEqualTo(expected);
    }

    @Test
    void mistral_refuses_roles_out_of_order() {
        ChatTemplate chat = load("mistral.jinja", "<s>", "</s>");

        assertThatThrownBy(() -> chat.render(List.of(ChatMessage.user("a"), ChatMessage.user("b")), true))
                .isInstanceOfSatisfying(
                        ChatTemplateException.class,
                        e -> assertThat(e.refusal())
                                .contains("Conversation roles must alternate user/assistant/user/assistant/..."))
                .hasMessageContaining("tokenizer_config.json")
                .hasMessageContaining("refused the conversation");
        assertThatThrownBy(() -> chat.render(CONVERSATION, true))
                .isInstanceOfSatisfying(
                        ChatTemplateException.class,
                        e -> assertThat(e.refusal())
                                .contains("Conversation roles must alternate user/assistant/user/assistant/..."));
    }

    @Test
    void mistral_refuses_an_unknown_role() {
        ChatTemplate chat = load("mistral.jinja", "<s>", "</s>");

        assertThatThrownBy(() -> chat.render(List.of(ChatMessage.user("a"), ChatMessage.system("b")), true))
                .isInstanceOfSatisfying(
                        ChatTemplateException.class,
                        e -> assertThat(e.refusal()).contains("Only user and assistant roles are supported!"));
    }

    @Test
    void mistral_with_system_prompt_folded_into_the_last_user_turn() {
        ChatTemplate chat = load("mistral-system.jinja", "<s>", "</s>");

        assertThat(chat.render(CONVERSATION, true))
                .isEqualTo("<s>[INST] What is the capital of France?[/INST] Paris.</s>"
                        + "[INST] You are a concise assistant.\n\nAnd of Italy?[/INST]");
        assertThat(chat.render(WITHOUT_SYSTEM, true))
                .isEqualTo("<s>[INST] What is the capital of France?[/INST] Paris.</s>[INST] And of Italy?[/INST]");
    }

    @Test
    void zephyr_keeps_the_newline_after_each_expression_and_none_after_tags() {
        ChatTemplate chat = load("zephyr.jinja", "<s>", "</s>");

        String history = "<|system|>\nYou are a concise assistant.</s>\n"
                + "<|user|>\nWhat is the capital of France?</s>\n"
                + "<|assistant|>\nParis.</s>\n"
                + "<|user|>\nAnd of Italy?</s>\n";
        assertThat(chat.render(CONVERSATION, true)).isEqualTo(history + "<|assistant|>\n");
        assertThat(chat.render(CONVERSATION, false)).isEqualTo(history);
    }

    @Test
    void reasoning_template_keeps_only_the_reasoning_after_the_last_user_turn() {
        ChatTemplate chat = load("thinking.jinja", null, "<|im_end|>");
        List<ChatMessage> conversation = List.of(
                ChatMessage.user("What is 2+2?"),
                ChatMessage.assistant("<think>\nAdd two and two.\n</think>\n\n4"),
                ChatMessage.user("And 3+3?"),
                ChatMessage.assistant("<think>\nThree plus three.\n</think>\n\n6"));

        assertThat(chat.render(conversation, false))
                .isEqualTo("<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
                        + "<|im_start|>assistant\n4<|im_end|>\n"
                        + "<|im_start|>user\nAnd 3+3?<|im_end|>\n"
                        + "<|im_start|>assistant\n<think>\nThree plus three.\n</think>\n\n6<|im_end|>\n");
        assertThat(chat.render(conversation.subList(0, 3), true))
                .isEqualTo("<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
                        + "<|im_start|>assistant\n4<|im_end|>\n"
                        + "<|im_start|>user\nAnd 3+3?<|im_end|>\n"
                        + "<|im_start|>assistant\n");
    }
}
