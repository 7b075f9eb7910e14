package io.pluralign.profile.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.contracts.events.Topics;
import io.pluralign.testsupport.GatewayCaller;
import io.pluralign.testsupport.RealInfrastructure;
import io.pluralign.testsupport.TestInfrastructure;
import io.pluralign.testsupport.TopicProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The profile API against a real PostgreSQL and a real Kafka broker, called as the gateway would. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pluralign.trust.secret=" + GatewayCaller.TEST_SECRET)
@RealInfrastructure
class ProfileApiIT {
    private static final String BODY = """
            {"bigFive":{"openness":0.8,"conscientiousness":0.4,"extraversion":0.3,"agreeableness":0.9,"neuroticism":0.2},
             "systemPreferences":"Short answers, no jargon."}
            """;

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    private final String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
    private final GatewayCaller app = GatewayCaller.app(tenant);

    private WebTestClient client() {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
    }

    private Consumer<HttpHeaders> as(GatewayCaller caller, String method, String path) {
        return headers -> caller.headers(method, path).forEach(headers::set);
    }

    private WebTestClient.ResponseSpec put(GatewayCaller caller, String user, String body, String ifMatch) {
        String path = "/v1/users/" + user + "/profile";
        var request = client().put().uri(path).headers(as(caller, "PUT", path)).contentType(MediaType.APPLICATION_JSON);
        if (ifMatch != null) {
            request = request.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        return request.bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec delete(GatewayCaller caller, String path) {
        return client().delete().uri(path).headers(as(caller, "DELETE", path)).exchange();
    }

    private WebTestClient.ResponseSpec get(GatewayCaller caller, String user) {
        String path = "/v1/users/" + user + "/profile";
        return client().get().uri(path).headers(as(caller, "GET", path)).exchange();
    }

    @Test
    void createReadUpdateDelete() {
        put(app, "alice", BODY, null)
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"1\"")
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(1)
                .jsonPath("$.bigFive.agreeableness.value")
                .isEqualTo(0.9)
                .jsonPath("$.bigFive.agreeableness.source")
                .isEqualTo("declared")
                .jsonPath("$.updatedBy")
                .isEqualTo("key:" + app.keyId());

        get(app, "alice")
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"1\"")
                .expectBody()
                .jsonPath("$.systemPreferences")
                .isEqualTo("Short answers, no jargon.");

        put(app, "alice", BODY.replace("0.8", "0.1"), "\"1\"")
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"2\"")
                .expectBody()
                .jsonPath("$.bigFive.openness.value")
                .isEqualTo(0.1);

        String path = "/v1/users/alice/profile";
        delete(app, path).expectStatus().isNoContent();
        get(app, "alice").expectStatus().isNotFound();
    }

    @Test
    void aProfileCreatedAfterDeletionContinuesTheVersionsSoOldETagsNeverMatch() {
        put(app, "hank", BODY, null).expectStatus().isCreated();
        String path = "/v1/users/hank/profile";
        delete(app, path).expectStatus().isNoContent();
        delete(app, path).expectStatus().isNotFound();
        put(app, "hank", BODY, "\"1\"").expectStatus().isEqualTo(412);

        put(app, "hank", BODY, null).expectStatus().isCreated().expectHeader().valueEquals(HttpHeaders.ETAG, "\"3\"");
        put(app, "hank", BODY, "\"1\"").expectStatus().isEqualTo(412);
        get(app, "hank").expectBody().jsonPath("$.version").isEqualTo(3);
    }

    @Test
    void conditionalGetAnswersNotModified() {
        put(app, "ivy", BODY, null).expectStatus().isCreated();
        String path = "/v1/users/ivy/profile";
        client().get()
                .uri(path)
                .headers(as(app, "GET", path))
                .header(HttpHeaders.IF_NONE_MATCH, "\"1\"")
                .exchange()
                .expectStatus()
                .isNotModified();
    }

    @Test
    void staleIfMatchIsRejectedAndChangesNothing() {
        put(app, "bob", BODY, null).expectStatus().isCreated();
        put(app, "bob", BODY, "\"1\"").expectStatus().isOk();

        put(app, "bob", BODY.replace("0.8", "0.5"), "\"1\"")
                .expectStatus()
                .isEqualTo(412)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .value(String.class, detail -> assertThat(detail).contains("version 2"));

        get(app, "bob")
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(2)
                .jsonPath("$.bigFive.openness.value")
                .isEqualTo(0.8);
    }

    @Test
    void racingWritersWithTheSameIfMatchGiveOneSuccessAndOne412() {
        put(app, "carol", BODY, null).expectStatus().isCreated();
        List<CompletableFuture<Integer>> racers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            racers.add(CompletableFuture.supplyAsync(() -> put(app, "carol", BODY, "\"1\"")
                    .returnResult(String.class)
                    .getStatus()
                    .value()));
        }
        List<Integer> statuses =
                racers.stream().map(CompletableFuture::join).sorted().toList();
        assertThat(statuses).containsExactly(200, 412);
        get(app, "carol").expectBody().jsonPath("$.version").isEqualTo(2);
    }

    @Test
    void anotherTenantCannotSeeOrChangeTheUser() {
        put(app, "dave", BODY, null).expectStatus().isCreated();
        GatewayCaller intruder = GatewayCaller.app("other-" + tenant);

        get(intruder, "dave").expectStatus().isNotFound();
        put(intruder, "dave", BODY, "\"1\"").expectStatus().isEqualTo(412);
        get(app, "dave").expectBody().jsonPath("$.version").isEqualTo(1);
    }

    @Test
    void requestsWithoutAValidGatewaySignatureAreUnauthorized() {
        String path = "/v1/users/erin/profile";
        client().get()
                .uri(path)
                .header("X-Pluralign-Tenant", tenant)
                .header("X-Pluralign-Role", "admin")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.requestId")
                .exists();

        GatewayCaller forged = new GatewayCaller(
                "a-different-secret-that-is-long-enough-000000", tenant, io.pluralign.contracts.http.Role.ADMIN, "k");
        client().get()
                .uri(path)
                .headers(as(forged, "GET", path))
                .exchange()
                .expectStatus()
                .isUnauthorized();

        // signed for another path: not replayable here
        client().get()
                .uri(path)
                .headers(as(app, "GET", "/v1/users/someone-else/profile"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void invalidBodiesGetProblemsNamingTheFieldAndWriteNothing() {
        assertBadRequest(BODY.replace("0.8", "1.5"), "bigFive.openness");
        assertBadRequest(BODY.replace("\"neuroticism\":0.2", "\"neuroticism\":\"high\""), "bigFive.neuroticism");
        assertBadRequest("{\"bigFive\": {", "malformed JSON");
        assertBadRequest(BODY.replace("\"systemPreferences\"", "\"mood\""), "mood");
        assertBadRequest(BODY.replace("Short answers, no jargon.", "x".repeat(2001)), "systemPreferences");
        assertBadRequest("{\"bigFive\":{\"openness\":0.5}}", "bigFive.conscientiousness");
        get(app, "frank").expectStatus().isNotFound();
    }

    private void assertBadRequest(String body, String mentioned) {
        put(app, "frank", body, null)
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .value(String.class, detail -> assertThat(detail).contains(mentioned));
    }

    @Test
    void invalidUserIdIsABadRequest() {
        put(app, "bad!id", BODY, null).expectStatus().isBadRequest();
    }

    @Test
    void everyChangePublishesACloudEventKeyedByTenantAndUser(TestInfrastructure infra) {
        put(app, "grace", BODY, null).expectStatus().isCreated();
        put(app, "grace", BODY.replace("0.8", "0.6"), "\"1\"").expectStatus().isOk();
        String path = "/v1/users/grace/profile";
        String key = tenant + ":grace";
        try (TopicProbe probe = TopicProbe.fromBeginning(infra.kafkaBootstrapServers(), Topics.PROFILE_CHANGED)) {
            // an erasure drops the user's unsent events from the outbox, so let the two changes go out first
            probe.await(r -> key.equals(r.key()), 2, Duration.ofSeconds(30));
            delete(app, path).expectStatus().isNoContent();
            List<ConsumerRecord<String, String>> records =
                    probe.await(r -> key.equals(r.key()), 4, Duration.ofSeconds(30));
            JsonNode first = json.readTree(records.get(0).value());
            assertThat(first.path("specversion").asString()).isEqualTo("1.0");
            assertThat(first.path("type").asString()).isEqualTo("io.pluralign.profile.changed.v1");
            assertThat(first.path("source").asString()).isEqualTo("/pluralign/profile-service");
            assertThat(first.path("subject").asString()).isEqualTo(key);
            assertThat(first.path("id").asString()).isNotBlank();
            assertThat(first.path("data").path("version").asLong()).isEqualTo(1);
            assertThat(first.path("data")
                            .path("profile")
                            .path("bigFive")
                            .path("openness")
                            .path("value")
                            .asDouble())
                    .isEqualTo(0.8);
            assertThat(json.readTree(records.get(1).value())
                            .path("data")
                            .path("version")
                            .asLong())
                    .isEqualTo(2);
            JsonNode deleted = json.readTree(records.get(2).value());
            assertThat(deleted.path("data").path("deleted").asBoolean()).isTrue();
            assertThat(deleted.path("data").path("version").asLong()).isEqualTo(3);
            assertThat(records.get(3).value())
                    .as("tombstone after the deletion")
                    .isNull();
            assertThat(new String(
                            records.get(0).headers().lastHeader("content-type").value()))
                    .startsWith("application/cloudevents+json");
        }
    }

    @Test
    void theOpenApiDescriptionListsTheProfileEndpoints() {
        client().get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.paths['/v1/users/{userId}/profile'].put")
                .exists()
                .jsonPath("$.paths['/v1/users/{userId}/profile'].get.parameters[?(@.name == 'caller')]")
                .doesNotExist()
                .jsonPath("$.servers[0].url")
                .isEqualTo("/")
                .jsonPath("$.components.securitySchemes.apiKey.scheme")
                .isEqualTo("bearer");
    }
}
