package io.pluralign.engine.chat;

import static io.pluralign.engine.chat.ModelFolders.addedToken;
import static io.pluralign.engine.chat.ModelFolders.config;
import static io.pluralign.engine.chat.ModelFolders.namedTemplates;
import static io.pluralign.engine.chat.ModelFolders.write;
import static io.pluralign.engine.chat.ModelFolders.writeString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where a model folder keeps its template and tokens, the fallback without one, and how failures read. */
class ChatTemplateLoadingTest {
    /** Prints what the template sees, so that each test shows which tokens and messages arrived. */
    private static final String ECHO = "{{ bos_token }}|{{ eos_token }}|{{ unk_token }}|{{ pad_token }}|"
            + "{% for m in messages %}{{ m.role }}:{{ m.content }};{% endfor %}"
            + "{% if add_generation_prompt %}>{% endif %}";

    private static final List<ChatMessage> HI = List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi"));

    @TempDir
    Path dir;

    @Test
    void template_and_tokens_from_tokenizer_config() {
        Map<String, Object> config = config(ECHO, "<s>", "</s>");
        config.put("unk_token", "<unk>");
        config.put("pad_token", null);
        ChatTemplate chat = ChatTemplate.load(write(dir, "tokenizer_config.json", config));

        assertThat(chat.render(HI, true)).isEqualTo("<s>|</s>|<unk>||system:Be brief.;user:Hi;>");
        assertThat(chat.render(HI, false)).isEqualTo("<s>|</s>|<unk>||system:Be brief.;user:Hi;");
        assertThat(chat.isFallback()).isFalse();
        assertThat(chat.origin()).isEqualTo(dir.resolve("tokenizer_config.json") + " (chat_template)");
    }

    @Test
    void tokens_written_as_added_token_objects() {
        Map<String, Object> config = config(ECHO, addedToken("<s>"), addedToken("</s>"));
        config.put("unk_token", addedToken("<unk>"));
        config.put("pad_token", addedToken("<pad>"));

        ChatTemplate chat = ChatTemplate.load(write(dir, "tokenizer_config.json", config));

        assertThat(chat.render(HI, true)).isEqualTo("<s>|</s>|<unk>|<pad>|system:Be brief.;user:Hi;>");
    }

    @Test
    void a_token_neither_string_nor_token_object_is_refused_naming_the_file() {
        Map<String, Object> config = config(ECHO, Map.of("id", 1), "</s>");

        assertThatThrownBy(() -> ChatTemplate.load(write(dir, "tokenizer_config.json", config)))
                .isInstanceOf(ChatTemplateException.class)
                .hasMessageContaining(dir.resolve("tokenizer_config.json").toString())
                .hasMessageContaining("bos_token");
    }

    @Test
    void list_form_uses_the_template_named_default() {
        Map<String, Object> config = config(null, "<s>", "</s>");
        config.put("chat_template", namedTemplates("tool_use", "TOOLS {{ messages | length }}", "default", ECHO));

        ChatTemplate chat = ChatTemplate.load(write(dir, "tokenizer_config.json", config));

        assertThat(chat.render(HI, true)).isEqualTo("<s>|</s>|||system:Be brief.;user:Hi;>");
        assertThat(chat.origin()).endsWith("tokenizer_config.json (chat_template \"default\")");
    }

    @Test
    void list_form_without_default_is_refused_naming_the_file_and_the_templates() {
        Map<String, Object> config = config(null, "<s>", "</s>");
        config.put("chat_template", namedTemplates("tool_use", "a", "rag", "b"));

        assertThatThrownBy(() -> ChatTemplate.load(write(dir, "tokenizer_config.json", config)))
                .isInstanceOf(ChatTemplateException.class)
                .hasMessageContaining(dir.resolve("tokenizer_config.json").toString())
                .hasMessageContaining("[tool_use, rag]")
                .hasMessageContaining("default");
    }

    @Test
    void chat_template_jinja_wins_over_the_config_and_tokens_still_come_from_the_config() {
        write(dir, "tokenizer_config.json", config("CONFIG TEMPLATE", "<s>", "</s>"));
        writeString(dir, "chat_template.jinja", ECHO + "\n");

        ChatTemplate chat = ChatTemplate.load(dir);

        assertThat(chat.render(HI, true)).isEqualTo("<s>|</s>|||system:Be brief.;user:Hi;>");
        assertThat(chat.origin()).isEqualTo(dir.resolve("chat_template.jinja").toString());
    }

    @Test
    void chat_template_jinja_alone_has_no_special_tokens() {
        writeString(dir, "chat_template.jinja", "{{ 'bos' if bos_token is defined else 'no bos' }}");

        assertThat(ChatTemplate.load(dir).render(HI, true)).isEqualTo("no bos");
    }

    @Test
    void special_tokens_map_fills_in_tokens_the_config_lacks() {
        Map<String, Object> config = config(ECHO, "<s>", null);
        write(dir, "tokenizer_config.json", config);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("bos_token", "<ignored>");
        map.put("eos_token", addedToken("</s>"));
        map.put("unk_token", "<unk>");
        write(dir, "special_tokens_map.json", map);

        assertThat(ChatTemplate.load(dir).render(HI, false)).isEqualTo("<s>|</s>|<unk>||system:Be brief.;user:Hi;");
    }

    @Test
    void additional_special_tokens_are_a_list_of_strings() {
        Map<String, Object> config = config("{{ additional_special_tokens | join(',') }}", "<s>", "</s>");
        config.put("additional_special_tokens", List.of("<a>", addedToken("<b>")));

        assertThat(ChatTemplate.load(write(dir, "tokenizer_config.json", config))
                        .render(HI, false))
                .isEqualTo("<a>,<b>");
    }

    @Test
    void folder_without_template_gets_the_plain_transcript() {
        Map<String, Object> gpt2 = new LinkedHashMap<>();
        gpt2.put("model_max_length", 1024);
        gpt2.put("tokenizer_class", "GPT2Tokenizer");
        write(dir, "tokenizer_config.json", gpt2);
        write(dir, "special_tokens_map.json", Map.of("bos_token", "<|endoftext|>", "eos_token", "<|endoftext|>"));
        List<ChatMessage> conversation = List.of(
                ChatMessage.system("Be brief."),
                ChatMessage.user("Hi"),
                ChatMessage.assistant("Hello."),
                ChatMessage.user("Bye"));

        ChatTemplate chat = ChatTemplate.load(dir);

        assertThat(chat.isFallback()).isTrue();
        assertThat(chat.origin()).startsWith(dir.toString()).contains("no chat template");
        assertThat(chat.render(conversation, true))
                .isEqualTo("System: Be brief.\n\nUser: Hi\n\nAssistant: Hello.\n\nUser: Bye\n\nAssistant:");
        assertThat(chat.render(conversation, false))
                .isEqualTo("System: Be brief.\n\nUser: Hi\n\nAssistant: Hello.\n\nUser: Bye\n\n");
    }

    @Test
    void empty_folder_gets_the_plain_transcript() {
        assertThat(ChatTemplate.load(dir).render(List.of(ChatMessage.user("Hi")), true))
                .isEqualTo("User: Hi\n\nAssistant:");
    }

    @Test
    void a_missing_folder_is_refused() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> ChatTemplate.load(missing))
                .isInstanceOf(ChatTemplateException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void invalid_json_is_refused_naming_the_file() {
        writeString(dir, "tokenizer_config.json", "{\"chat_template\": \"{{ x }}\",");

        assertThatThrownBy(() -> ChatTemplate.load(dir))
                .isInstanceOf(ChatTemplateException.class)
                .hasMessageContaining(dir.resolve("tokenizer_config.json").toString())
                .hasMessageContaining("not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{% for m in messages %}{{ m.content }}",
                "{{ messages[0 }}",
                "{% if add_generation_prompt %}{{ 'x' + }}{% endif %}",
                "{% if false %}{{ raise_exception( }}{% endif %}",
                "{% for m in messages %}{{ m.content }}{% endif %}",
                "{{ messages[0].content",
                "{% frobnicate %}",
                "{{ messages[0].content | no_such_filter }}",
                "{% if messages is no_such_test %}{% endif %}"
            })
    void a_template_that_does_not_parse_is_refused_at_load_naming_the_file(String source) {
        writeString(dir, "chat_template.jinja", source);

        assertThatThrownBy(() -> ChatTemplate.load(dir))
                .isInstanceOf(ChatTemplateException.class)
                .hasMessageStartingWith(dir.resolve("chat_template.jinja") + ": cannot parse the chat template")
                .satisfies(
                        e -> assertThat(((ChatTemplateException) e).refusal()).isEmpty());
    }

    @Test
    void a_template_that_fails_while_rendering_names_the_file() {
        write(dir, "tokenizer_config.json", config("{{ no_such_function(messages) }}", "<s>", "</s>"));
        ChatTemplate chat = ChatTemplate.load(dir);

        assertThatThrownBy(() -> chat.render(HI, true))
                .isInstanceOf(ChatTemplateException.class)
                .hasMessageStartingWith(
                        dir.resolve("tokenizer_config.json") + " (chat_template): cannot render the chat template")
                .hasMessageContaining("no_such_function")
                .satisfies(
                        e -> assertThat(((ChatTemplateException) e).refusal()).isEmpty());
    }

    @Test
    void one_trailing_newline_of_the_template_is_dropped_as_jinja2_does() {
        writeString(dir, "chat_template.jinja", "{{ messages[0].content }}\n\n");

        assertThat(ChatTemplate.load(dir).render(HI, false)).isEqualTo("Be brief.\n");
    }

    @Test
    void windows_line_endings_read_as_newlines() {
        writeString(dir, "chat_template.jinja", "{% for m in messages %}\r\n{{ m.role }}\r\n{% endfor %}\r\n");

        assertThat(ChatTemplate.load(dir).render(HI, false)).isEqualTo("system\nuser\n");
    }

    @Test
    void strftime_now_formats_the_local_date() {
        writeString(dir, "chat_template.jinja", "{{ strftime_now('%d %b %Y') }}");
        DateTimeFormatter format = DateTimeFormatter.ofPattern("dd MMM yyyy", Locale.US);
        String before = LocalDate.now().format(format);

        String rendered = ChatTemplate.load(dir).render(HI, false);

        assertThat(rendered).isIn(before, LocalDate.now().format(format));
    }

    @Test
    void messages_are_checked() {
        writeString(dir, "chat_template.jinja", "x");
        ChatTemplate chat = ChatTemplate.load(dir);
        List<ChatMessage> withNull = new ArrayList<>();
        withNull.add(null);

        assertThatThrownBy(() -> new ChatMessage(null, "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ChatMessage("user", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> chat.render(null, true)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> chat.render(withNull, true)).isInstanceOf(NullPointerException.class);
        assertThat(chat.render(List.of(), true)).isEqualTo("x");
    }

    @Test
    void one_template_renders_concurrently() throws Exception {
        Path folder = ModelFolders.withConfigTemplate(
                dir, ModelFolders.template("llama3.jinja"), "<|begin_of_text|>", "<|eot_id|>");
        ChatTemplate chat = ChatTemplate.load(folder);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        String text = "thread " + thread + " turn " + i;
                        String expected = "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                                + "Today Date: 01 Jan 2025\n\n<|eot_id|>"
                                + "<|start_header_id|>user<|end_header_id|>\n\n" + text + "<|eot_id|>"
                                + "<|start_header_id|>assistant<|end_header_id|>\n\n";
                        if (!chat.render(List.of(ChatMessage.user(text)), true).equals(expected)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
