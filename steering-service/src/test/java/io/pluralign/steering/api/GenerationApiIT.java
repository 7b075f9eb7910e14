package io.pluralign.steering.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pluralign.alignment.steering.LayerFit;
import io.pluralign.alignment.steering.Vectors;
import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.EventKeys;
import io.pluralign.contracts.events.EventTypes;
import io.pluralign.contracts.events.ProfileChanged;
import io.pluralign.contracts.events.SteeringUpdated;
import io.pluralign.contracts.events.Topics;
import io.pluralign.contracts.http.Role;
import io.pluralign.contracts.profile.ProfileDocument;
import io.pluralign.steering.ServiceApi;
import io.pluralign.steering.domain.ConceptService;
import io.pluralign.steering.domain.ProfileDirectory;
import io.pluralign.steering.domain.ServedModel;
import io.pluralign.testsupport.GatewayCaller;
import io.pluralign.testsupport.RealInfrastructure;
import io.pluralign.testsupport.TestInfrastructure;
import io.pluralign.testsupport.TopicProbe;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OpenAI-compatible API against the real model, PostgreSQL and Kafka, as the gateway calls it. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pluralign.trust.secret=" + GatewayCaller.TEST_SECRET)
@RealInfrastructure
class GenerationApiIT {
    private static final String MODEL = "pluralign-mini";

    @LocalServerPort
    int port;

    @Autowired
    ConceptService concepts;

    @Autowired
    ProfileDirectory profiles;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    JsonMapper json;

    @Autowired
    ServedModel served;

    @Autowired
    io.pluralign.engine.GenerationEngine engine;

    private final String tenant = "g" + UUID.randomUUID().toString().substring(0, 8);
    private ServiceApi app;

    @BeforeEach
    void callers() throws Exception {
        concepts.awaitIdle();
        app = new ServiceApi(port, GatewayCaller.app(tenant));
    }

    private static Map<String, Object> chat(String question, long seed, int maxTokens) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", MODEL);
        body.put("messages", List.of(Map.of("role", "user", "content", question)));
        body.put("seed", seed);
        body.put("temperature", 0.8);
        body.put("max_tokens", maxTokens);
        return body;
    }

    private static String content(JsonNode completion, int choice) {
        return completion
                .path("choices")
                .get(choice)
                .path("message")
                .path("content")
                .asString();
    }

    /** Publishes a profile as profile-service would and waits until this instance holds it. */
    private void publishProfile(String user, long version, ProfileDocument profile) throws Exception {
        String key = EventKeys.of(tenant, user);
        CloudEvent<ProfileChanged> event = CloudEvent.of(
                "/test",
                EventTypes.PROFILE_CHANGED,
                tenant,
                key,
                new ProfileChanged(tenant, user, version, false, "test", profile));
        kafka.send(Topics.PROFILE_CHANGED, key, json.writeValueAsString(event)).get();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (profiles.find(tenant, user)
                        .map(ProfileDirectory.Snapshot::version)
                        .orElse(0L)
                < version) {
            assertThat(System.nanoTime()).as("profile replayed within 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static ProfileDocument profile(
            Map<String, Double> sliders,
            ProfileDocument.Safety safety,
            String preferences,
            double strength,
            boolean optOut) {
        return new ProfileDocument(null, null, sliders, preferences, safety, strength, optOut);
    }

    @Test
    void streamingSendsOpenAiChunksThenUsageThenDone() {
        Map<String, Object> body = chat("How can I sleep better?", 3, 30);
        body.put("stream", true);
        body.put("stream_options", Map.of("include_usage", true));
        ServiceApi.Response response = app.post("/v1/chat/completions", body);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/event-stream");
        List<String> data = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data:")) {
                data.add(line.substring(5).strip());
            }
        }
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        JsonNode first = ServiceApi.JSON.readTree(data.get(0));
        assertThat(first.path("object").asString()).isEqualTo("chat.completion.chunk");
        assertThat(first.path("steering").path("applied").asBoolean()).isFalse();
        StringBuilder text = new StringBuilder();
        String finish = null;
        for (String d : data.subList(1, data.size() - 2)) {
            JsonNode choice = ServiceApi.JSON.readTree(d).path("choices").get(0);
            text.append(choice.path("delta").path("content").asString(""));
            if (!choice.path("finish_reason").isNull()) {
                finish = choice.path("finish_reason").asString();
            }
        }
        JsonNode usage = ServiceApi.JSON.readTree(data.get(data.size() - 2)).path("usage");
        assertThat(usage.path("completion_tokens").asInt()).isBetween(1, 30);
        assertThat(finish).isIn("stop", "length");
        JsonNode whole = app.post("/v1/chat/completions", chat("How can I sleep better?", 3, 30))
                .json();
        assertThat(text.toString()).isEqualTo(content(whole, 0));
        assertThat(usage.path("completion_tokens").asInt())
                .isEqualTo(whole.path("usage").path("completion_tokens").asInt());
    }

    @Test
    void concurrentRequestsWithDifferentSteeringShareBatchesAndEachAnswersAsItWouldAlone() throws Exception {
        List<Map<String, Object>> bodies = new ArrayList<>();
        String[] concepts = {"style.formality", "style.verbosity", "trait.extraversion", "style.sentiment"};
        for (int i = 0; i < 6; i++) {
            Map<String, Object> body = chat("How do I train a puppy?", 500 + i, 40);
            if (i < concepts.length) {
                body.put("steering", Map.of("concepts", Map.of(concepts[i], i % 2 == 0 ? 1.0 : -1.0)));
            }
            bodies.add(body);
        }
        List<String> alone = new ArrayList<>();
        for (Map<String, Object> body : bodies) {
            alone.add(content(app.post("/v1/chat/completions", body).json(), 0));
        }
        long stepsBefore = engine.stats().decodeSteps();
        long tokensBefore = engine.stats().generatedTokens();
        List<java.util.concurrent.CompletableFuture<String>> together = new ArrayList<>();
        for (Map<String, Object> body : bodies) {
            together.add(java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> content(app.post("/v1/chat/completions", body).json(), 0)));
        }
        for (int i = 0; i < bodies.size(); i++) {
            assertThat(together.get(i).get(60, java.util.concurrent.TimeUnit.SECONDS))
                    .as("request %d in a shared batch", i)
                    .isEqualTo(alone.get(i));
        }
        long steps = engine.stats().decodeSteps() - stepsBefore;
        long tokens = engine.stats().generatedTokens() - tokensBefore;
        assertThat(steps)
                .as("fewer decode steps than tokens: rows were batched")
                .isLessThan(tokens);
    }

    @Test
    void aClientThatReadsSlowlyDoesNotHoldUpAnother() throws Exception {
        Map<String, Object> slowBody = chat("Tell me everything about baking bread.", 1, 200);
        slowBody.put("stream", true);
        java.util.concurrent.atomic.AtomicInteger slowChunks = new java.util.concurrent.atomic.AtomicInteger();
        reactor.core.Disposable slow = org.springframework.web.reactive.function.client.WebClient.create(
                        "http://localhost:" + port)
                .post()
                .uri("/v1/chat/completions")
                .headers(h -> GatewayCaller.app(tenant)
                        .headers("POST", "/v1/chat/completions")
                        .forEach(h::add))
                .header("Content-Type", "application/json")
                .bodyValue(ServiceApi.JSON.writeValueAsString(slowBody))
                .retrieve()
                .bodyToFlux(String.class)
                .limitRate(1)
                .delayElements(Duration.ofMillis(200))
                .subscribe(chunk -> slowChunks.incrementAndGet());
        try {
            Thread.sleep(300);
            long started = System.nanoTime();
            JsonNode fast = app.post("/v1/chat/completions", chat("How can I sleep better?", 2, 40))
                    .json();
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(content(fast, 0)).isNotBlank();
            assertThat(slowChunks.get()).as("the slow client is still reading").isLessThan(30);
            assertThat(seconds)
                    .as("the other request finished while the slow one was still being read")
                    .isLessThan(10);
        } finally {
            slow.dispose();
        }
    }

    @Test
    void nChoicesRunTogetherEachAsItsOwnSeedWouldAlone() {
        Map<String, Object> body = chat("Any tips for saving money?", 40, 25);
        body.put("n", 3);
        JsonNode three = app.post("/v1/chat/completions", body).json();
        assertThat(three.path("choices").size()).isEqualTo(3);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode alone = app.post("/v1/chat/completions", chat("Any tips for saving money?", 40 + i, 25))
                    .json();
            assertThat(content(three, i)).isEqualTo(content(alone, 0));
            ids.add(three.path("choices").get(i).path("generation_id").asString());
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(three.path("usage").path("prompt_tokens").asInt()).isPositive();
    }

    @Test
    void aStopSequenceEndsTheAnswerBeforeIt() {
        String full = content(
                app.post("/v1/chat/completions", chat("How do I start running?", 9, 60))
                        .json(),
                0);
        String[] words = full.split(" ");
        assertThat(words.length).isGreaterThan(4);
        String stop = " " + words[3];
        Map<String, Object> body = chat("How do I start running?", 9, 60);
        body.put("stop", List.of(stop));
        JsonNode stopped = app.post("/v1/chat/completions", body).json();
        assertThat(content(stopped, 0)).isEqualTo(full.substring(0, full.indexOf(stop)));
        assertThat(stopped.path("choices").get(0).path("finish_reason").asString())
                .isEqualTo("stop");
    }

    @Test
    void textCompletionsTakeSeveralPromptsAndEcho() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", MODEL);
        body.put("prompt", List.of("The best way to learn", "Cooking rice is"));
        body.put("max_tokens", 8);
        body.put("echo", true);
        body.put("n", 2);
        body.put("seed", 1);
        JsonNode completion = app.post("/v1/completions", body).json();
        assertThat(completion.path("object").asString()).isEqualTo("text_completion");
        assertThat(completion.path("choices").size()).isEqualTo(4);
        assertThat(completion.path("choices").get(0).path("text").asString()).startsWith("The best way to learn");
        assertThat(completion.path("choices").get(3).path("text").asString()).startsWith("Cooking rice is");
    }

    @Test
    void embeddingsAreUnitVectorsInFloatOrBase64() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", MODEL);
        body.put("input", List.of("How do I bake bread?", "Tips for running in the rain"));
        JsonNode floats = app.post("/v1/embeddings", body).json();
        assertThat(floats.path("data").size()).isEqualTo(2);
        JsonNode first = floats.path("data").get(0).path("embedding");
        assertThat(first.size()).isEqualTo(192);
        double norm = 0;
        for (JsonNode v : first) {
            norm += v.asDouble() * v.asDouble();
        }
        assertThat(norm).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-4));
        body.put("encoding_format", "base64");
        JsonNode encoded = app.post("/v1/embeddings", body).json();
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder()
                        .decode(encoded.path("data").get(0).path("embedding").asString()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.getFloat(0)).isEqualTo(first.get(0).floatValue());
        assertThat(app.post("/v1/embeddings", Map.of("model", MODEL, "input", List.of()))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void activationsAreForAdminKeysOnly() {
        Map<String, Object> body = Map.of(
                "items", List.of(Map.of("prompt", "How do I start running?", "response", "Start slowly.")),
                "layers", List.of(1, 3));
        assertThat(app.post("/v1/activations", body).status()).isEqualTo(403);
        ServiceApi admin = new ServiceApi(port, new GatewayCaller(GatewayCaller.TEST_SECRET, tenant, Role.ADMIN, "a"));
        JsonNode acts = admin.post("/v1/activations", body).json();
        assertThat(acts.path("activations").get(0).size()).isEqualTo(2);
        assertThat(acts.path("activations").get(0).get(1).size()).isEqualTo(192);
    }

    @Test
    void aSliderAgainstAnEnforcedSafetyConceptIsProjectedOutAndTheResponseSaysSo() throws Exception {
        ProfileDocument.Safety enforced = new ProfileDocument.Safety(Map.of("safety.harmlessness", 0.0));
        publishProfile("guarded", 1, profile(Map.of("style.formality", 0.5), enforced, null, 1, false));
        Map<String, Object> body = chat("How do I start running?", 1, 5);
        body.put("user", "guarded");
        body.put("steering", Map.of("concepts", Map.of("safety.harmlessness", -1.0)));
        JsonNode against = app.post("/v1/chat/completions", body).json().path("steering");
        assertThat(against.path("profileVersion").asLong()).isEqualTo(1);
        assertThat(against.path("safety").path("projectionChanged").asBoolean())
                .as(against.toString())
                .isTrue();
        assertThat(against.path("safety").path("projectedAgainst").get(0).asString())
                .isEqualTo("safety.harmlessness");

        body.put("steering", Map.of("concepts", Map.of("safety.harmlessness", 1.0)));
        JsonNode along = app.post("/v1/chat/completions", body).json().path("steering");
        assertThat(along.path("safety").path("projectionChanged").asBoolean()).isFalse();
    }

    @Test
    void optedOutUsersAreUnsteeredAndPreferencesReachTheSystemMessage(TestInfrastructure infra) throws Exception {
        publishProfile("private", 1, profile(Map.of("style.formality", 1.0), null, "Short answers.", 1, true));
        Map<String, Object> body = chat("How do I start running?", 1, 5);
        body.put("user", "private");
        JsonNode optedOut = app.post("/v1/chat/completions", body).json().path("steering");
        assertThat(optedOut.path("applied").asBoolean()).isFalse();
        assertThat(optedOut.path("reason").asString()).contains("opted out");

        publishProfile("talkative", 1, profile(Map.of(), null, "Use bullet points.", 1, false));
        body.put("user", "talkative");
        String generationId = app.post("/v1/chat/completions", body)
                .json()
                .path("choices")
                .get(0)
                .path("generation_id")
                .asString();
        try (TopicProbe probe = TopicProbe.fromBeginning(infra.kafkaBootstrapServers(), Topics.GENERATION_COMPLETED)) {
            List<ConsumerRecord<String, String>> events =
                    probe.await(r -> r.value() != null && r.value().contains(generationId), 1, Duration.ofSeconds(30));
            JsonNode data = ServiceApi.JSON.readTree(events.get(0).value()).path("data");
            assertThat(data.path("messages").get(0).path("role").asString()).isEqualTo("system");
            assertThat(data.path("messages").get(0).path("content").asString()).contains("Use bullet points.");
            assertThat(data.path("userId").asString()).isEqualTo("talkative");
        }
    }

    @Test
    void palWeightsSteerLikeTheConceptsTheirPrototypesPreferOnceTrainerServicePublishesThem() throws Exception {
        List<Double> weights = List.of(0.7, 0.3, 0.0, 0.0);
        publishProfile(
                "learner",
                1,
                new ProfileDocument(
                        null, new ProfileDocument.PalWeights(weights, "seeded", null), Map.of(), null, null, 1, false));
        Map<String, Object> body = chat("How do I start running?", 1, 5);
        body.put("user", "learner");
        JsonNode before = app.post("/v1/chat/completions", body).json().path("steering");
        assertThat(before.path("pending").toString()).contains("palWeights");
        assertThat(before.path("applied").asBoolean()).isFalse();

        // prototype 0's members chose more formal answers (as much as a formality slider at 1 adds), prototype 1's
        // less verbose ones (twice a verbosity slider at -1); 2 and 3 are noise, and weigh nothing for this user
        LayerFit.Method method = LayerFit.Method.MEAN_DIFFERENCE;
        float[] formal =
                concepts.vectors(tenant, "style.formality").orElseThrow().steeringAt(1, method, 0.1);
        float[] verbose =
                concepts.vectors(tenant, "style.verbosity").orElseThrow().steeringAt(1, method, 0.1);
        java.util.Random random = new java.util.Random(3);
        List<SteeringUpdated.Prototype> prototypes = new ArrayList<>();
        prototypes.add(SteeringUpdated.Prototype.of(0, Map.of(1, formal)));
        prototypes.add(SteeringUpdated.Prototype.of(1, Map.of(1, Vectors.scaled(verbose, -2))));
        for (int k = 2; k < 4; k++) {
            float[] v = new float[formal.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (0.01 * random.nextGaussian());
            }
            prototypes.add(SteeringUpdated.Prototype.of(k, Map.of(1, v)));
        }
        String key = EventKeys.of(tenant, "learner");
        CloudEvent<SteeringUpdated> event = CloudEvent.of(
                "/test",
                EventTypes.STEERING_UPDATED,
                tenant,
                key,
                new SteeringUpdated(tenant, served.vectorsKey(), 3, prototypes));
        kafka.send(Topics.STEERING_UPDATED, key, json.writeValueAsString(event)).get();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode after;
        do {
            Thread.sleep(100);
            after = app.post("/v1/chat/completions", body).json().path("steering");
        } while (!after.path("applied").asBoolean() && System.nanoTime() < deadline);
        assertThat(after.path("applied").asBoolean()).as(after.toString()).isTrue();

        // the learned part is reported per concept: 0.7 x 0.5 formality and 0.3 x -1 verbosity (prototype 1 has the
        // largest coefficient, scaled to 1)
        Map<String, Double> learned = new java.util.TreeMap<>();
        for (JsonNode c : after.path("concepts")) {
            assertThat(c.path("sources").toString()).contains("palWeights");
            learned.put(c.path("id").asString(), c.path("coefficient").asDouble());
        }
        assertThat(learned.get("style.formality")).as(learned.toString()).isCloseTo(0.35, within(0.01));
        assertThat(learned.get("style.verbosity")).as(learned.toString()).isCloseTo(-0.3, within(0.01));
        assertThat(learned.keySet()).noneMatch(id -> id.startsWith("safety."));
        learned.forEach((id, c) -> {
            if (!id.equals("style.formality") && !id.equals("style.verbosity")) {
                assertThat(Math.abs(c)).as(id).isLessThan(0.01);
            }
        });
    }

    @Test
    void requestConceptCoefficientsAreValidated() {
        Map<String, Object> body = chat("Hi", 1, 5);
        body.put("steering", Map.of("concepts", Map.of("style.formality", 3.0)));
        ServiceApi.Response outOfRange = app.post("/v1/chat/completions", body);
        assertThat(outOfRange.status()).isEqualTo(400);
        assertThat(outOfRange.json().path("error").path("param").asString())
                .isEqualTo("steering.concepts.style.formality");
        body.put("steering", Map.of("enabled", false));
        assertThat(app.post("/v1/chat/completions", body)
                        .json()
                        .path("steering")
                        .path("reason")
                        .asString())
                .contains("disabled");
        body.put("tools", List.of(Map.of("type", "function")));
        assertThat(app.post("/v1/chat/completions", body)
                        .json()
                        .path("error")
                        .path("param")
                        .asString())
                .isEqualTo("tools");
        body.remove("tools");
        body.put("temperature_typo", 1);
        assertThat(app.post("/v1/chat/completions", body)
                        .json()
                        .path("error")
                        .path("message")
                        .asString())
                .contains("temperature_typo");
    }
}
