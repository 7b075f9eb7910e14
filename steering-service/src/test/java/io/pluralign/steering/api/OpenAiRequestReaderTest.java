package io.pluralign.steering.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluralign.servicekit.web.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class OpenAiRequestReaderTest {
    private static final JsonMapper JSON = JsonMapper.shared();

    private static OpenAiRequest chat(String body) {
        return OpenAiRequestReader.chat(JSON.readTree(body));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> errors(String body) {
        try {
            chat(body);
        } catch (ApiException e) {
            return (List<Map<String, Object>>) e.getBody().getProperties().get("errors");
        }
        throw new AssertionError("accepted: " + body);
    }

    @Test
    void aTypicalSdkRequestIsReadWithOpenAisDefaults() {
        OpenAiRequest r = chat("{\"model\":\"m\",\"messages\":[{\"role\":\"developer\",\"content\":\"Be brief\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi \"},{\"type\":\"text\",\"text\":\"there\"}]}],"
                + "\"max_completion_tokens\":12,\"stop\":\"END\",\"user\":\"u1\",\"presence_penalty\":0}");
        assertThat(r.messages())
                .extracting(m -> m.role() + ":" + m.content())
                .containsExactly("system:Be brief", "user:Hi there");
        assertThat(r.maxTokens()).isEqualTo(12);
        assertThat(r.temperature()).isEqualTo(1f);
        assertThat(r.topP()).isEqualTo(1f);
        assertThat(r.n()).isEqualTo(1);
        assertThat(r.seed()).isNull();
        assertThat(r.stop()).containsExactly("END");
        assertThat(r.stream()).isFalse();
        assertThat(r.user()).isEqualTo("u1");
        assertThat(r.steering().enabled()).isTrue();
    }

    @Test
    void everyInvalidParameterIsNamedInOneResponse() {
        List<Map<String, Object>> errors = errors("{\"messages\":[],\"temperature\":3,\"top_p\":0,\"n\":0,"
                + "\"max_tokens\":-1,\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"],\"seed\":1.5,\"stream\":\"yes\"}");
        assertThat(errors)
                .extracting(e -> e.get("field"))
                .contains("model", "messages", "temperature", "top_p", "n", "max_tokens", "stop", "seed", "stream");
    }

    @Test
    void featuresThisServerLacksAreRefusedRatherThanIgnored() {
        assertThat(errors("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                        + "\"tools\":[{\"type\":\"function\"}],\"logprobs\":true,\"frequency_penalty\":0.5,"
                        + "\"response_format\":{\"type\":\"json_object\"},\"made_up\":1}"))
                .extracting(e -> e.get("field"))
                .containsExactlyInAnyOrder("tools", "logprobs", "frequency_penalty", "response_format", "made_up");
    }

    @Test
    void messagesNeedKnownRolesTextContentAndAUserTurn() {
        assertThat(errors("{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}"))
                .extracting(e -> e.get("field"))
                .contains("messages[0].role");
        assertThat(errors(
                        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}"))
                .extracting(e -> e.get("field"))
                .contains("messages[0].content[0]");
        assertThat(errors("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}"))
                .extracting(e -> e.get("message"))
                .contains("must contain at least one user message");
    }

    @Test
    void theSteeringExtensionIsValidated() {
        OpenAiRequest r = chat("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"steering\":{\"scale\":0.5,\"concepts\":{\"style.formality\":-0.4}}}");
        assertThat(r.steering().scale()).isEqualTo(0.5);
        assertThat(r.steering().concepts()).containsEntry("style.formality", -0.4);
        assertThat(errors("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                        + "\"steering\":{\"scale\":5,\"concepts\":{\"a\":2},\"vectors\":[1]}}"))
                .extracting(e -> e.get("field"))
                .containsExactlyInAnyOrder("steering.scale", "steering.concepts.a", "steering.vectors");
    }

    @Test
    void streamOptionsNeedStreaming() {
        assertThat(errors("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                        + "\"stream_options\":{\"include_usage\":true}}"))
                .extracting(e -> e.get("field"))
                .containsExactly("stream_options");
        assertThat(chat("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":true,"
                                + "\"stream_options\":{\"include_usage\":true}}")
                        .includeUsage())
                .isTrue();
    }

    @Test
    void textCompletionsTakeAStringOrStringsButNotTokens() {
        assertThat(OpenAiRequestReader.completion(JSON.readTree("{\"model\":\"m\",\"prompt\":[\"a\",\"b\"]}"))
                        .prompts())
                .containsExactly("a", "b");
        assertThatThrownBy(() -> OpenAiRequestReader.completion(JSON.readTree("{\"model\":\"m\",\"prompt\":[1,2]}")))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> OpenAiRequestReader.completion(
                        JSON.readTree("{\"model\":\"m\",\"prompt\":\"a\",\"suffix\":\"z\"}")))
                .isInstanceOf(ApiException.class);
    }
}
