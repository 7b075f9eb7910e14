package io.pluralign.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.contracts.events.Topics;
import io.pluralign.infra.LaunchConfig;
import io.pluralign.infra.Platform;
import io.pluralign.testsupport.TopicProbe;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
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

/**
 * The whole platform, started by the launcher (embedded PostgreSQL, a Kafka broker process, every service and the
 * gateway as processes), used only through the gateway and Kafka, as a product team would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformIT {
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String PROFILE = """
            {"bigFive":{"openness":0.7,"conscientiousness":0.5,"extraversion":0.2,"agreeableness":0.8,"neuroticism":0.3},
             "systemPreferences":"Explain like I am new to this."}
            """;

    private static Platform platform;
    private static String acmeKey;
    private static String globexKey;
    private static final String ACME = "acme-" + UUID.randomUUID().toString().substring(0, 6);
    private static final String GLOBEX =
            "globex-" + UUID.randomUUID().toString().substring(0, 6);
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startPlatform() {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path var = root.resolve("e2e-tests/target/e2e-var-" + System.currentTimeMillis());
        platform = Platform.start(LaunchConfig.builder(root)
                .optVarDir(var)
                .optRandomPorts()
                .optHealthTimeout(Duration.ofSeconds(300))
                .build());
    }

    @AfterAll
    static void stopPlatform() {
        if (platform == null) {
            return;
        }
        int gatewayPort = URI.create(platform.gatewayUrl()).getPort();
        platform.close();
        assertThat(isFree(gatewayPort))
                .as("the gateway port is released after the platform stops")
                .isTrue();
    }

    private HttpResponse<String> call(String method, String path, String key, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    @Test
    @Order(1)
    void withoutAKeyTheGatewayAnswers401WithAProblemAndARequestId() throws Exception {
        HttpResponse<String> response = call("GET", "/v1/users/u-42/profile", null, null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(json(response).path("status").asInt()).isEqualTo(401);
    }

    @Test
    @Order(2)
    void theBootstrapAdminCreatesTenantsAndAppKeys() throws Exception {
        String admin = platform.bootstrapAdminKey();
        for (String tenant : List.of(ACME, GLOBEX)) {
            HttpResponse<String> created =
                    call("POST", "/v1/admin/tenants", admin, "{\"id\":\"" + tenant + "\",\"name\":\"" + tenant + "\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
        acmeKey = createAppKey(admin, ACME);
        globexKey = createAppKey(admin, GLOBEX);
        assertThat(acmeKey).startsWith("pk_").isNotEqualTo(globexKey);
    }

    private String createAppKey(String admin, String tenant) throws Exception {
        HttpResponse<String> key = call(
                "POST", "/v1/admin/keys", admin, "{\"tenantId\":\"" + tenant + "\",\"role\":\"app\",\"name\":\"e2e\"}");
        assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
        return json(key).path("key").asString();
    }

    @Test
    @Order(3)
    void anAppWritesAProfileAndReadsItBack() throws Exception {
        HttpResponse<String> put = call("PUT", "/v1/users/u-42/profile", acmeKey, PROFILE);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(put.headers().firstValue("ETag")).hasValue("\"1\"");

        HttpResponse<String> get = call("GET", "/v1/users/u-42/profile", acmeKey, null);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(json(get).path("bigFive").path("agreeableness").path("value").asDouble())
                .isEqualTo(0.8);
        assertThat(json(get).path("systemPreferences").asString()).isEqualTo("Explain like I am new to this.");
    }

    @Test
    @Order(4)
    void anotherTenantsUserIsNotFound() throws Exception {
        HttpResponse<String> response = call("GET", "/v1/users/u-42/profile", globexKey, null);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("requestId").asString()).isNotBlank();
    }

    @Test
    @Order(5)
    void aStaleIfMatchIsRejectedWith412() throws Exception {
        HttpResponse<String> update =
                call("PUT", "/v1/users/u-42/profile", acmeKey, PROFILE.replace("0.7", "0.9"), "If-Match", "\"1\"");
        assertThat(update.statusCode()).as(update.body()).isEqualTo(200);
        assertThat(update.headers().firstValue("ETag")).hasValue("\"2\"");

        HttpResponse<String> stale =
                call("PUT", "/v1/users/u-42/profile", acmeKey, PROFILE.replace("0.7", "0.1"), "If-Match", "\"1\"");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(json(call("GET", "/v1/users/u-42/profile", acmeKey, null))
                        .path("bigFive")
                        .path("openness")
                        .path("value")
                        .asDouble())
                .isEqualTo(0.9);
    }

    @Test
    @Order(6)
    void anInvalidBodyIsA400ProblemNamingTheField() throws Exception {
        HttpResponse<String> response = call("PUT", "/v1/users/u-43/profile", acmeKey, PROFILE.replace("0.3", "-0.3"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).path("detail").asString()).contains("bigFive.neuroticism");
        assertThat(call("GET", "/v1/users/u-43/profile", acmeKey, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    @Order(7)
    void eachChangeArrivesOnKafkaAsACloudEvent() {
        String key = ACME + ":u-42";
        try (TopicProbe probe = TopicProbe.fromBeginning(platform.kafkaBootstrapServers(), Topics.PROFILE_CHANGED)) {
            List<ConsumerRecord<String, String>> events =
                    probe.await(r -> key.equals(r.key()), 2, Duration.ofSeconds(30));
            JsonNode first = JSON.readTree(events.get(0).value());
            assertThat(first.path("specversion").asString()).isEqualTo("1.0");
            assertThat(first.path("type").asString()).isEqualTo("io.pluralign.profile.changed.v1");
            assertThat(first.path("source").asString()).isEqualTo("/pluralign/profile-service");
            assertThat(first.path("subject").asString()).isEqualTo(key);
            assertThat(first.path("tenantid").asString()).isEqualTo(ACME);
            assertThat(first.path("data").path("version").asLong()).isEqualTo(1);
            assertThat(JSON.readTree(events.get(1).value())
                            .path("data")
                            .path("profile")
                            .path("bigFive")
                            .path("openness")
                            .path("value")
                            .asDouble())
                    .isEqualTo(0.9);
        }
    }

    @Test
    @Order(8)
    void anAppKeyCannotAdministerAndEveryServiceDescribesItsApiThroughTheGateway() throws Exception {
        assertThat(call("POST", "/v1/admin/keys", acmeKey, "{\"role\":\"admin\",\"name\":\"x\"}")
                        .statusCode())
                .isEqualTo(403);
        for (String service : List.of("profile", "steering", "reward", "trainer")) {
            HttpResponse<String> docs = call("GET", "/openapi/" + service, null, null);
            assertThat(docs.statusCode()).as(service).isEqualTo(200);
            assertThat(json(docs).path("openapi").asString()).startsWith("3.");
        }
        HttpResponse<String> console = call("GET", "/console/", null, null);
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("/openapi/profile");
        assertThat(json(call("GET", "/openapi/profile", null, null))
                        .path("paths")
                        .has("/v1/users/{userId}/profile"))
                .isTrue();
    }

    @Test
    @Order(9)
    void onlyATenantAdminKeyChangesSafetyAndAnotherTenantSeesNoHistory() throws Exception {
        HttpResponse<String> adminKey = call(
                "POST",
                "/v1/admin/keys",
                platform.bootstrapAdminKey(),
                "{\"tenantId\":\"" + ACME + "\",\"role\":\"admin\",\"name\":\"e2e-admin\"}");
        assertThat(adminKey.statusCode()).as(adminKey.body()).isEqualTo(201);
        String acmeAdmin = json(adminKey).path("key").asString();
        String safety = "{\"safety\":{\"enforced\":{\"safety.harmlessness\":1.0}}}";
        assertThat(call("PUT", "/v1/users/u-44/profile", acmeKey, PROFILE).statusCode())
                .isEqualTo(201);

        HttpResponse<String> byApp = call("PATCH", "/v1/users/u-44/profile", acmeKey, safety);
        assertThat(byApp.statusCode()).as(byApp.body()).isEqualTo(403);
        assertThat(call("PATCH", "/v1/users/u-44/profile", acmeAdmin, safety).statusCode())
                .isEqualTo(200);
        JsonNode read = json(call("GET", "/v1/users/u-44/profile", acmeKey, null));
        assertThat(read.path("safety")
                        .path("enforced")
                        .path("safety.harmlessness")
                        .asDouble())
                .isEqualTo(1.0);

        JsonNode history = json(call("GET", "/v1/users/u-44/profile/history", acmeKey, null));
        assertThat(history.path("versions")).hasSize(2);
        assertThat(history.path("versions")
                        .get(1)
                        .path("changes")
                        .get(0)
                        .path("path")
                        .asString())
                .isEqualTo("safety.enforced.safety.harmlessness");
        assertThat(call("GET", "/v1/users/u-44/profile/history", globexKey, null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(call("PATCH", "/v1/users/u-44/profile", globexKey, "{\"strength\":0}")
                        .statusCode())
                .isEqualTo(404);
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
