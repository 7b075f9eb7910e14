package io.pluralign.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.pluralign.contracts.events.Topics;
import io.pluralign.infra.LaunchConfig;
import io.pluralign.infra.Platform;
import io.pluralign.testsupport.TopicProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Personalized generation through the gateway on the bundled model: profiles steer answers in the expected direction,
 * strength 0 is exactly unsteered, the official OpenAI SDK works unchanged (streaming and not), bad input is a 400 in
 * OpenAI's error shape, and every answer is published as {@code generation.completed}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PersonalizedGenerationIT {
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String MODEL = "pluralign-mini";
    private static final String TENANT = "steer-" + UUID.randomUUID().toString().substring(0, 6);
    private static final List<String> QUESTIONS = EverydayQuestions.ALL;

    private static Platform platform;
    private static String appKey;
    private static String adminKey;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startPlatform() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        platform = Platform.start(LaunchConfig.builder(root)
                .optVarDir(root.resolve("e2e-tests/target/e2e-steer-" + System.currentTimeMillis()))
                .optRandomPorts()
                .optHealthTimeout(Duration.ofSeconds(300))
                .build());
        PersonalizedGenerationIT setup = new PersonalizedGenerationIT();
        String root0 = platform.bootstrapAdminKey();
        HttpResponse<String> tenant =
                setup.call("POST", "/v1/admin/tenants", root0, "{\"id\":\"" + TENANT + "\",\"name\":\"Steer\"}");
        assertThat(tenant.statusCode()).as(tenant.body()).isEqualTo(201);
        appKey = setup.key(root0, "app");
        adminKey = setup.key(root0, "admin");
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    private String key(String root, String role) throws Exception {
        HttpResponse<String> key = call(
                "POST",
                "/v1/admin/keys",
                root,
                "{\"tenantId\":\"" + TENANT + "\",\"role\":\"" + role + "\",\"name\":\"e2e-" + role + "\"}");
        assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
        return JSON.readTree(key.body()).path("key").asString();
    }

    private HttpResponse<String> call(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(120))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        request.header("Authorization", "Bearer " + key);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    @Order(1)
    void theModelIsListedAndEveryBuiltInConceptGetsVectors() throws Exception {
        JsonNode models = ok(call("GET", "/v1/models", appKey, null));
        assertThat(models.path("data").get(0).path("id").asString()).isEqualTo(MODEL);
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        JsonNode concepts;
        do {
            concepts = ok(call("GET", "/v1/concepts", appKey, null));
            boolean allReady = true;
            for (JsonNode c : concepts.path("data")) {
                allReady &= c.path("status").asString().equals("ready");
            }
            if (allReady) {
                break;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        List<String> ids = new ArrayList<>();
        for (JsonNode c : concepts.path("data")) {
            assertThat(c.path("status").asString()).as(c.toString()).isEqualTo("ready");
            ids.add(c.path("id").asString());
        }
        assertThat(ids)
                .contains(
                        "trait.extraversion",
                        "trait.openness",
                        "style.formality",
                        "style.verbosity",
                        "style.sentiment",
                        "safety.harmlessness");
        JsonNode formality = ok(call("GET", "/v1/concepts/style.formality", appKey, null));
        assertThat(formality.path("layers").size()).isEqualTo(4);
        assertThat(formality.path("layers").get(1).path("caaAccuracy").asDouble())
                .isGreaterThan(0.5);
    }

    private static final String NEUTRAL_BUT = "{\"openness\":0.5,\"conscientiousness\":0.5,\"extraversion\":%s,"
            + "\"agreeableness\":0.5,\"neuroticism\":0.5}";

    private void profile(String user, double extraversion, double formality, double strength) throws Exception {
        String body = "{\"bigFive\":" + String.format(NEUTRAL_BUT, extraversion) + ",\"concepts\":{\"style.formality\":"
                + formality + "},\"strength\":" + strength + "}";
        HttpResponse<String> put = call("PUT", "/v1/users/" + user + "/profile", appKey, body);
        assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
    }

    private ObjectNode chat(String user, String question, long seed, int maxTokens, boolean steering) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", MODEL);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "user").put("content", question);
        body.put("seed", seed);
        body.put("temperature", 0.7);
        body.put("max_tokens", maxTokens);
        if (user != null) {
            body.put("user", user);
        }
        if (!steering) {
            body.putObject("steering").put("enabled", false);
        }
        return body;
    }

    private JsonNode complete(ObjectNode body) throws Exception {
        return ok(call("POST", "/v1/chat/completions", appKey, body.toString()));
    }

    private static String text(JsonNode completion) {
        return completion.path("choices").get(0).path("message").path("content").asString();
    }

    /** Waits until steering-service composes {@code user}'s steering from profile version 1. */
    private JsonNode awaitProfile(String user) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode steering;
        do {
            steering = complete(chat(user, "Hello", 1, 1, true)).path("steering");
            if (steering.path("profileVersion").asLong() == 1) {
                return steering;
            }
            Thread.sleep(300);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(user + "'s profile never reached steering-service: " + steering);
    }

    private double[] read(String concept, String question, String a, String b) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("prompt", question);
        body.putArray("texts").add(a).add(b);
        JsonNode scores = ok(call("POST", "/v1/concepts/" + concept + "/read", appKey, body.toString()))
                .path("scores");
        return new double[] {scores.get(0).asDouble(), scores.get(1).asDouble()};
    }

    @Test
    @Order(2)
    void usersWithOppositeProfilesGetAnswersThatDifferInTheExpectedDirectionAndStrengthZeroIsUnsteered()
            throws Exception {
        profile("outgoing-formal", 0.9, 1, 1);
        profile("reserved-casual", 0.1, -1, 1);
        profile("switched-off", 0.9, 1, 0);
        JsonNode outgoing = awaitProfile("outgoing-formal");
        assertThat(outgoing.path("applied").asBoolean()).as(outgoing.toString()).isTrue();
        assertThat(outgoing.path("concepts").toString()).contains("trait.extraversion", "style.formality");
        assertThat(outgoing.path("layers").size()).isPositive();
        for (JsonNode layer : outgoing.path("layers")) {
            assertThat(layer.path("normAfterBudget").asDouble())
                    .isLessThanOrEqualTo(layer.path("budget").asDouble() + 1e-6);
        }
        awaitProfile("reserved-casual");
        JsonNode off = awaitProfile("switched-off");
        assertThat(off.path("applied").asBoolean()).isFalse();
        assertThat(off.path("reason").asString()).contains("strength");

        double formalityGap = 0;
        double extraversionGap = 0;
        int formalityAgree = 0;
        int extraversionAgree = 0;
        for (int i = 0; i < QUESTIONS.size(); i++) {
            String q = QUESTIONS.get(i);
            long seed = 1000 + i;
            String up = text(complete(chat("outgoing-formal", q, seed, 80, true)));
            String down = text(complete(chat("reserved-casual", q, seed, 80, true)));
            String zero = text(complete(chat("switched-off", q, seed, 80, true)));
            String plain = text(complete(chat(null, q, seed, 80, true)));
            assertThat(zero)
                    .as("strength 0 answers exactly as without steering: %s", q)
                    .isEqualTo(plain);
            double[] formality = read("style.formality", q, up, down);
            double[] extraversion = read("trait.extraversion", q, up, down);
            formalityGap += (formality[0] - formality[1]) / QUESTIONS.size();
            extraversionGap += (extraversion[0] - extraversion[1]) / QUESTIONS.size();
            formalityAgree += formality[0] > formality[1] ? 1 : 0;
            extraversionAgree += extraversion[0] > extraversion[1] ? 1 : 0;
        }
        System.out.printf(
                "over %d prompts: formality gap %.3f (%d agree), extraversion gap %.3f (%d agree)%n",
                QUESTIONS.size(), formalityGap, formalityAgree, extraversionGap, extraversionAgree);
        assertThat(formalityGap)
                .as("formal user's answers read more formal than the casual user's")
                .isPositive();
        assertThat(extraversionGap)
                .as("outgoing user's answers read more extraverted than the reserved user's")
                .isPositive();
        assertThat(formalityAgree).isGreaterThan(QUESTIONS.size() / 2);
        assertThat(extraversionAgree).isGreaterThan(QUESTIONS.size() / 2);
    }

    private OpenAIClient sdk() {
        return OpenAIOkHttpClient.builder()
                .apiKey(appKey)
                .baseUrl(platform.gatewayUrl() + "/v1")
                .maxRetries(0)
                .build();
    }

    @Test
    @Order(3)
    void theOfficialOpenAiSdkWorksUnchangedStreamingAndNot() {
        OpenAIClient client = sdk();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model(MODEL)
                .addSystemMessage("You are a helpful assistant.")
                .addUserMessage("How can I sleep better?")
                .seed(5)
                .temperature(0.7)
                .maxCompletionTokens(60)
                .user("outgoing-formal")
                .build();
        ChatCompletion completion = client.chat().completions().create(params);
        String whole = completion.choices().get(0).message().content().orElse("");
        assertThat(whole).isNotBlank();
        assertThat(completion.usage().orElseThrow().completionTokens()).isPositive();
        assertThat(completion.model()).isEqualTo(MODEL);

        StringBuilder streamed = new StringBuilder();
        List<String> finishReasons = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream =
                client.chat().completions().createStreaming(params)) {
            stream.stream()
                    .forEach(chunk -> chunk.choices().forEach(choice -> {
                        choice.delta().content().ifPresent(streamed::append);
                        choice.finishReason().ifPresent(r -> finishReasons.add(r.asString()));
                    }));
        }
        assertThat(streamed.toString()).as("same seed, same answer, streamed").isEqualTo(whole);
        assertThat(finishReasons).hasSize(1).first().isIn("stop", "length");
    }

    private void assertInvalid(String body, String param, String code) throws Exception {
        HttpResponse<String> response = call("POST", "/v1/chat/completions", appKey, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asString()).isNotBlank();
        assertThat(error.path("param").asString()).as(response.body()).startsWith(param);
        if (code != null) {
            assertThat(error.path("code").asString()).isEqualTo(code);
        }
    }

    @Test
    @Order(4)
    void badInputIsA400InOpenAisErrorShape() throws Exception {
        String messages = "[{\"role\":\"user\",\"content\":\"Hi\"}]";
        assertInvalid("{\"model\":\"gpt-4o\",\"messages\":" + messages + "}", "model", "model_not_found");
        assertInvalid(
                "{\"model\":\"" + MODEL + "\",\"messages\":" + messages + ",\"max_tokens\":100000}",
                "max_tokens",
                "context_length_exceeded");
        assertInvalid(
                "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "word ".repeat(400)
                        + "\"}]}",
                "messages",
                "context_length_exceeded");
        assertInvalid(
                "{\"model\":\"" + MODEL + "\",\"messages\":" + messages + ",\"max_tokens\":-5}", "max_tokens", null);
        assertInvalid("{\"model\":\"" + MODEL + "\",\"messages\":\"Hi\"}", "messages", null);
        assertInvalid(
                "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"robot\",\"content\":\"Hi\"}]}",
                "messages[0].role",
                null);
        assertInvalid(
                "{\"model\":\"" + MODEL + "\",\"messages\":" + messages
                        + ",\"steering\":{\"concepts\":{\"style.sarcasm\":0.5}}}",
                "steering.concepts.style.sarcasm",
                "unknown_concept");
        // the SDK reports it as the error OpenAI would have sent
        ChatCompletionCreateParams unknownModel = ChatCompletionCreateParams.builder()
                .model("gpt-4o")
                .addUserMessage("Hi")
                .build();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> sdk().chat().completions().create(unknownModel))
                .isInstanceOf(com.openai.errors.BadRequestException.class)
                .hasMessageContaining("gpt-4o");
    }

    @Test
    @Order(5)
    void everyAnswerIsPublishedAsGenerationCompletedWithWhatWasApplied() throws Exception {
        JsonNode completion = complete(chat("outgoing-formal", "How do I start running?", 77, 20, true));
        String generationId =
                completion.path("choices").get(0).path("generation_id").asString();
        assertThat(generationId).startsWith("gen-");
        try (TopicProbe probe =
                TopicProbe.fromBeginning(platform.kafkaBootstrapServers(), Topics.GENERATION_COMPLETED)) {
            List<ConsumerRecord<String, String>> events =
                    probe.await(r -> r.value() != null && r.value().contains(generationId), 1, Duration.ofSeconds(30));
            JsonNode event = JSON.readTree(events.get(0).value());
            assertThat(events.get(0).key()).isEqualTo(TENANT + ":outgoing-formal");
            assertThat(event.path("type").asString()).isEqualTo("io.pluralign.generation.completed.v1");
            JsonNode data = event.path("data");
            assertThat(data.path("response").asString()).isEqualTo(text(completion));
            assertThat(data.path("messages").get(0).path("content").asString()).isEqualTo("How do I start running?");
            assertThat(data.path("steering").path("profileVersion").asLong()).isEqualTo(1);
            assertThat(data.path("seed").asLong()).isEqualTo(77);
        }
    }
}
