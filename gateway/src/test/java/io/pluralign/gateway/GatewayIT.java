package io.pluralign.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pluralign.contracts.events.EventTypes;
import io.pluralign.contracts.events.Topics;
import io.pluralign.contracts.http.CallerAssertion;
import io.pluralign.contracts.http.GatewayHeaders;
import io.pluralign.contracts.http.GatewaySignature;
import io.pluralign.contracts.http.Role;
import io.pluralign.testsupport.RealInfrastructure;
import io.pluralign.testsupport.TestInfrastructure;
import io.pluralign.testsupport.TopicProbe;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway against a real PostgreSQL and real HTTP servers standing in for the services: what an API user or an
 * operator sees.
 */
@RealInfrastructure
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pluralign.trust.secret=" + GatewayIT.TRUST_SECRET,
            "pluralign.gateway.bootstrap-admin-key=" + GatewayIT.BOOTSTRAP_KEY,
            "spring.cloud.gateway.server.webflux.httpclient.response-timeout=1s"
        })
@AutoConfigureWebTestClient(timeout = "20s")
@ExtendWith(OutputCaptureExtension.class)
class GatewayIT {
    static final String TRUST_SECRET = "gateway-it-trust-secret-0123456789abcdef";
    static final String BOOTSTRAP_KEY = "pk_0123456789ab_bootstrap-secret-for-tests_0123456789";

    private static final FakeService PROFILE = FakeService.start("profile");
    private static final FakeService STEERING = FakeService.start("steering");
    private static final FakeService REWARD = FakeService.start("reward");
    private static final URI TRAINER_DOWN = FakeService.nothingListening();
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final ParameterizedTypeReference<Map<String, Object>> PROBLEM =
            new ParameterizedTypeReference<>() {};

    @Autowired
    WebTestClient http;

    @LocalServerPort
    int port;

    @Autowired
    RouteLocator routes;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("pluralign.gateway.services.profile", () -> PROFILE.uri().toString());
        registry.add("pluralign.gateway.services.steering", () -> STEERING.uri().toString());
        registry.add("pluralign.gateway.services.reward", () -> REWARD.uri().toString());
        registry.add("pluralign.gateway.services.trainer", TRAINER_DOWN::toString);
    }

    @AfterAll
    static void stopServices() {
        PROFILE.close();
        STEERING.close();
        REWARD.close();
    }

    /** What a {@link FakeService} answers. */
    record Echo(String service, String method, String path, String query, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Answer of {@code POST /v1/admin/keys}. */
    record IssuedKey(
            String id,
            String key,
            String tenantId,
            String role,
            String name,
            Double requestsPerSecond,
            String createdAt) {}

    // --- routing -------------------------------------------------------------------------------------------------

    @Test
    void routesEachApiPathToItsService() {
        String key = newKey("platform", "app", null).key();
        Map<String, String> expected = Map.of(
                "/v1/users/u-1/profile", "profile",
                "/v1/questionnaire/items", "profile",
                "/v1/chat/completions", "steering",
                "/v1/completions", "steering",
                "/v1/models", "steering",
                "/v1/concepts/style.formality", "steering",
                "/v1/generations/g-1", "steering",
                "/v1/rewards/score", "reward");
        expected.forEach((path, service) -> {
            Echo echo = get(path, key);
            assertThat(echo.service()).as(path).isEqualTo(service);
            assertThat(echo.path()).as(path).isEqualTo(path);
        });
    }

    @Test
    void forwardsMethodQueryAndBodyUnchanged() {
        String key = newKey("platform", "app", null).key();
        Echo echo = http.post()
                .uri("/v1/chat/completions?stream=false")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"user\":\"u-42\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Echo.class)
                .returnResult()
                .getResponseBody();
        assertThat(echo.method()).isEqualTo("POST");
        assertThat(echo.query()).isEqualTo("stream=false");
        assertThat(echo.body()).isEqualTo("{\"user\":\"u-42\"}");
    }

    @Test
    void streamsServerSentEventsThrough() {
        String key = newKey("platform", "app", null).key();
        List<String> events = http.post()
                .uri("/v1/chat/completions/stream")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"stream\":true}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .returnResult(String.class)
                .getResponseBody()
                .collectList()
                .block(Duration.ofSeconds(10));
        assertThat(events).containsExactly("token-0", "token-1", "token-2", "[DONE]");
    }

    @Test
    void unknownApiPathIsANotFoundProblem() {
        String key = newKey("platform", "app", null).key();
        http.get()
                .uri("/v1/nothing-here")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(404)
                .jsonPath("$.instance")
                .isEqualTo("/v1/nothing-here")
                .jsonPath("$.requestId")
                .isNotEmpty();
        http.get()
                .uri("/nothing-here-either")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .exists(GatewayHeaders.REQUEST_ID);
    }

    @Test
    void noRouteCoversAPathTheGatewayAnswersItself() {
        // Routes are looked up before the gateway's own handlers (handler-mapping.order), so none may cover theirs.
        for (String path : List.of(
                "/v1/admin",
                "/v1/admin/tenants",
                "/v1/admin/keys/k",
                "/console/",
                "/actuator/health",
                "/v3/api-docs")) {
            assertThat(routesMatching(path)).as(path).isEmpty();
        }
        assertThat(routesMatching("/v1/users/u-1/profile")).containsExactly("profile");
        http.get().uri("/console/").exchange().expectStatus().isOk();
    }

    private List<String> routesMatching(String path) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));
        return routes.getRoutes()
                .filterWhen(route -> route.getPredicate().apply(exchange))
                .map(Route::getId)
                .collectList()
                .block();
    }

    @Test
    void servesEachServicesOpenApiWithoutAKeyOrCallerHeaders() {
        http.get()
                .uri("/openapi/steering")
                .header(GatewayHeaders.TENANT, "forged")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.info.title")
                .isEqualTo("steering")
                .jsonPath("$.callerHeaders.length()")
                .isEqualTo(0);
        http.get()
                .uri("/openapi/profile")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.info.title")
                .isEqualTo("profile");
        http.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.paths['/v1/admin/keys']")
                .exists()
                .jsonPath("$.paths['/v1/admin/tenants']")
                .exists();
    }

    // --- authentication and caller headers -----------------------------------------------------------------------

    @Test
    void requestWithoutKeyIsAnUnauthorizedProblemWithRequestId() {
        var result = http.get()
                .uri("/v1/models")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .value(HttpHeaders.WWW_AUTHENTICATE, value -> assertThat(value).startsWith("Bearer"))
                .expectBody(PROBLEM)
                .returnResult();
        Map<String, Object> problem = result.getResponseBody();
        String requestId = result.getResponseHeaders().getFirst(GatewayHeaders.REQUEST_ID);
        assertThat(requestId).isNotBlank();
        assertThat(problem)
                .containsEntry("status", 401)
                .containsEntry("title", "Unauthorized")
                .containsEntry("type", "about:blank")
                .containsEntry("instance", "/v1/models")
                .containsEntry("requestId", requestId)
                .containsKey("detail");
        // and OpenAI's error object, which OpenAI SDKs read
        assertThat(problem.get("error"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("type", "authentication_error")
                .containsEntry("message", problem.get("detail"));
    }

    @Test
    void malformedUnknownOrWrongSecretKeysAreUnauthorized() {
        String realKey = newKey("platform", "app", null).key();
        String wrongSecret = realKey.substring(0, 16) + "x".repeat(43);
        for (String presented : List.of(
                "Bearer not-a-key",
                "Bearer pk_ffffffffffff_" + "a".repeat(43),
                "Bearer " + wrongSecret,
                "Basic " + realKey)) {
            http.get()
                    .uri("/v1/models")
                    .header(HttpHeaders.AUTHORIZATION, presented)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader()
                    .exists(HttpHeaders.WWW_AUTHENTICATE);
        }
    }

    @Test
    void encodedPathsCannotSkipAuthentication() {
        // %76 is 'v': routing decodes it, so authentication must too.
        http.get().uri(raw("/%761/models")).exchange().expectStatus().isUnauthorized();
        http.get().uri(raw("/v1;x=y/models")).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void replacesCallerHeadersAClientForged() {
        IssuedKey key = newKey("platform", "app", null);
        Echo echo = http.get()
                .uri("/v1/models")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key.key())
                .header(GatewayHeaders.TENANT, "someone-else")
                .header(GatewayHeaders.ROLE, "admin")
                .header(GatewayHeaders.KEY_ID, "forged")
                .header(GatewayHeaders.SIGNATURE, "forged")
                .header("X-Pluralign-Anything", "forged")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Echo.class)
                .returnResult()
                .getResponseBody();
        assertThat(echo.header(GatewayHeaders.TENANT)).isEqualTo("platform");
        assertThat(echo.header(GatewayHeaders.ROLE)).isEqualTo("app");
        assertThat(echo.header(GatewayHeaders.KEY_ID)).isEqualTo(key.id());
        assertThat(echo.header(GatewayHeaders.SIGNATURE)).isNotEqualTo("forged");
        assertThat(echo.headers()).doesNotContainKey("x-pluralign-anything");
        // The key stays with the gateway.
        assertThat(echo.headers()).doesNotContainKey("authorization");
    }

    @Test
    void signatureVerifiesForTheForwardedMethodAndPathWithoutQuery() {
        IssuedKey key = newKey("platform", "app", null);
        GatewaySignature verifier = new GatewaySignature(TRUST_SECRET, Duration.ofMinutes(5));
        for (String uri : List.of("/v1/chat/completions?stream=true", "/v1/concepts/a%20b", "/v1/users/u-7")) {
            Echo echo = http.post()
                    .uri(raw(uri))
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + key.key())
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{}")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(Echo.class)
                    .returnResult()
                    .getResponseBody();
            long issuedAt = Long.parseLong(echo.header(GatewayHeaders.ISSUED_AT));
            assertThat(issuedAt).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(5L));
            CallerAssertion assertion =
                    new CallerAssertion("platform", Role.APP, key.id(), issuedAt, "POST", echo.path());
            assertThat(echo.path()).isEqualTo(URI.create(uri).getRawPath());
            assertThat(verifier.verify(assertion, echo.header(GatewayHeaders.SIGNATURE), Instant.now()))
                    .as(uri)
                    .isTrue();
            CallerAssertion otherPath =
                    new CallerAssertion("platform", Role.APP, key.id(), issuedAt, "POST", "/v1/other");
            assertThat(verifier.verify(otherPath, echo.header(GatewayHeaders.SIGNATURE), Instant.now()))
                    .isFalse();
        }
    }

    // --- admin API -----------------------------------------------------------------------------------------------

    @Test
    void appKeyOnTheAdminApiIsForbidden() {
        String appKey = newKey("platform", "app", null).key();
        http.get()
                .uri("/v1/admin/keys")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + appKey)
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(403)
                .jsonPath("$.type")
                .isEqualTo("about:blank")
                .jsonPath("$.title")
                .isEqualTo("Forbidden");
    }

    @Test
    void rootAdminCreatesTenantsAndTheirAdminsManageTheirOwnKeys() {
        String tenant = "acme-" + NAMES.incrementAndGet();
        http.post()
                .uri("/v1/admin/tenants")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + BOOTSTRAP_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", tenant, "name", "Acme Inc."))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .location("/v1/admin/tenants/" + tenant)
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(tenant)
                .jsonPath("$.name")
                .isEqualTo("Acme Inc.")
                .jsonPath("$.createdAt")
                .isNotEmpty();

        http.post()
                .uri("/v1/admin/tenants")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + BOOTSTRAP_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", tenant, "name", "Again"))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);

        IssuedKey tenantAdmin = newKey(tenant, "admin", null);
        assertThat(tenantAdmin.key()).startsWith("pk_" + tenantAdmin.id() + "_");
        assertThat(tenantAdmin.tenantId()).isEqualTo(tenant);
        assertThat(tenantAdmin.role()).isEqualTo("admin");

        // The tenant's admin issues an app key for its own tenant (no tenantId: the caller's tenant).
        IssuedKey appKey = http.post()
                .uri("/v1/admin/keys")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenantAdmin.key())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("role", "app", "name", "mobile"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(IssuedKey.class)
                .returnResult()
                .getResponseBody();
        assertThat(appKey.tenantId()).isEqualTo(tenant);
        assertThat(get("/v1/models", appKey.key()).header(GatewayHeaders.TENANT))
                .isEqualTo(tenant);

        // It lists its keys, without secrets.
        http.get()
                .uri("/v1/admin/keys")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenantAdmin.key())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.keys.length()")
                .isEqualTo(2)
                .jsonPath("$.keys[1].id")
                .isEqualTo(appKey.id())
                .jsonPath("$.keys[1].name")
                .isEqualTo("mobile")
                .jsonPath("$.keys[1].role")
                .isEqualTo("app")
                .jsonPath("$.keys[1].revokedAt")
                .isEmpty()
                .jsonPath("$.keys[0].key")
                .doesNotExist()
                .jsonPath("$.keys[0].secretHash")
                .doesNotExist();

        // It sees only its own tenant, and may neither create tenants nor touch other tenants.
        http.get()
                .uri("/v1/admin/tenants")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenantAdmin.key())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.tenants.length()")
                .isEqualTo(1)
                .jsonPath("$.tenants[0].id")
                .isEqualTo(tenant);
        expectForbidden(tenantAdmin.key(), "/v1/admin/tenants", Map.of("id", "other-" + tenant, "name", "x"));
        expectForbidden(
                tenantAdmin.key(), "/v1/admin/keys", Map.of("tenantId", "platform", "role", "admin", "name", "x"));
        http.get()
                .uri("/v1/admin/keys?tenantId=platform")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenantAdmin.key())
                .exchange()
                .expectStatus()
                .isForbidden();

        // The root admin sees every tenant and may list this tenant's keys.
        http.get()
                .uri("/v1/admin/tenants")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + BOOTSTRAP_KEY)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.tenants[?(@.id == '" + tenant + "')]")
                .exists()
                .jsonPath("$.tenants[?(@.id == 'platform')]")
                .exists();
        http.get()
                .uri("/v1/admin/keys?tenantId=" + tenant)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + BOOTSTRAP_KEY)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.keys.length()")
                .isEqualTo(2);
    }

    @Test
    void deletingATenantStopsItsKeysAtOnceKeepsItsIdAndTellsTheServices(TestInfrastructure infra) throws Exception {
        String tenant = "leaving-" + NAMES.incrementAndGet();
        createTenant(tenant);
        IssuedKey appKey = newKey(tenant, "app", null);
        IssuedKey tenantAdmin = newKey(tenant, "admin", null);
        assertThat(get("/v1/models", appKey.key()).header(GatewayHeaders.TENANT))
                .isEqualTo(tenant);

        // only a root admin may delete, and never the root tenant
        delete("/v1/admin/tenants/" + tenant, tenantAdmin.key()).isForbidden();
        delete("/v1/admin/tenants/platform", BOOTSTRAP_KEY).isForbidden();
        delete("/v1/admin/tenants/" + tenant, BOOTSTRAP_KEY).isNoContent();

        // its keys stop working at once (they were cached by the call above), and it is gone from the listing
        http.get()
                .uri("/v1/models")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + appKey.key())
                .exchange()
                .expectStatus()
                .isUnauthorized();
        http.get()
                .uri("/v1/admin/tenants")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + BOOTSTRAP_KEY)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.tenants[?(@.id == '" + tenant + "')]")
                .doesNotExist();
        // deleting again finds nothing; its id is never given to a new tenant
        delete("/v1/admin/tenants/" + tenant, BOOTSTRAP_KEY).isNotFound();
        http.post()
                .uri("/v1/admin/tenants")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + BOOTSTRAP_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", tenant, "name", "Impostor"))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT);

        // the other services hear of it on the compacted tenant.deleted topic, once
        try (TopicProbe probe = TopicProbe.fromBeginning(infra.kafkaBootstrapServers(), Topics.TENANT_DELETED)) {
            List<ConsumerRecord<String, String>> records =
                    probe.await(r -> tenant.equals(r.key()), 1, Duration.ofSeconds(30));
            assertThat(records).hasSize(1);
            String value = records.get(0).value();
            assertThat(value)
                    .contains("\"type\":\"" + EventTypes.TENANT_DELETED + "\"")
                    .contains("\"tenantId\":\"" + tenant + "\"")
                    .contains("\"deletedBy\":\"key:0123456789ab\"");
        }
    }

    private org.springframework.test.web.reactive.server.StatusAssertions delete(String path, String key) {
        return http.delete()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange()
                .expectStatus();
    }

    @Test
    void invalidAdminBodiesAreBadRequestsNamingTheField() {
        http.post()
                .uri("/v1/admin/tenants")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + BOOTSTRAP_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", "Not_Valid", "name", "x"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString()).startsWith("id: "));
        http.post()
                .uri("/v1/admin/keys")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + BOOTSTRAP_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("role", "superuser", "name", "x"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString()).contains("role: must be app or admin"));
        http.post()
                .uri("/v1/admin/keys")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + BOOTSTRAP_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{not json")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void keyForAnUnknownTenantIsNotFound() {
        http.post()
                .uri("/v1/admin/keys")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + BOOTSTRAP_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenantId", "no-such-tenant", "role", "app", "name", "x"))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("tenant 'no-such-tenant' does not exist");
    }

    @Test
    void revokedKeyIsUnauthorizedAtOnce() {
        IssuedKey key = newKey("platform", "app", null);
        get("/v1/models", key.key()); // now cached by the gateway

        http.delete()
                .uri("/v1/admin/keys/" + key.id())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + BOOTSTRAP_KEY)
                .exchange()
                .expectStatus()
                .isNoContent();

        http.get()
                .uri("/v1/models")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key.key())
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("the API key has been revoked");
        http.get()
                .uri("/v1/admin/keys")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + BOOTSTRAP_KEY)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.keys[?(@.id == '" + key.id() + "')].revokedAt")
                .isNotEmpty();
        http.delete()
                .uri("/v1/admin/keys/ffffffffffff")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + BOOTSTRAP_KEY)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    // --- rate limits ---------------------------------------------------------------------------------------------

    @Test
    void keyOverItsRateLimitGetsTooManyRequestsWithRetryAfter() {
        // 0.5 requests per second keeps the default 1:2 rate-to-burst ratio: a bucket of one request.
        IssuedKey key = newKey("platform", "app", 0.5);
        assertThat(key.requestsPerSecond()).isEqualTo(0.5);
        http.get()
                .uri("/v1/models")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key.key())
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(RateLimitHeaders.LIMIT, "1")
                .expectHeader()
                .valueEquals(RateLimitHeaders.REMAINING, "0");
        var refused = http.get()
                .uri("/v1/models")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key.key())
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals(RateLimitHeaders.REMAINING, "0")
                .expectBody(PROBLEM)
                .returnResult();
        long retryAfter = Long.parseLong(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER));
        assertThat(retryAfter).isBetween(1L, 2L);
        assertThat(refused.getResponseBody())
                .containsEntry("status", 429)
                .containsEntry("type", "about:blank")
                .containsEntry("title", "Too Many Requests");

        // Other keys have buckets of their own.
        http.get()
                .uri("/v1/models")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + BOOTSTRAP_KEY)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(RateLimitHeaders.LIMIT, "100");
    }

    @Test
    void onlyRootAdminsSetAKeysRateLimit() {
        String tenant = "rates-" + NAMES.incrementAndGet();
        createTenant(tenant);
        IssuedKey tenantAdmin = newKey(tenant, "admin", null);
        expectForbidden(
                tenantAdmin.key(), "/v1/admin/keys", Map.of("role", "app", "name", "x", "requestsPerSecond", 1000));
    }

    // --- downstream failures -------------------------------------------------------------------------------------

    @Test
    void serviceThatIsDownIsAServiceUnavailableProblem(CapturedOutput output) {
        String key = newKey("platform", "app", null).key();
        http.post()
                .uri("/v1/feedback")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .header(GatewayHeaders.REQUEST_ID, "down-check-1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals(GatewayHeaders.REQUEST_ID, "down-check-1")
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(503)
                .jsonPath("$.type")
                .isEqualTo("about:blank")
                .jsonPath("$.title")
                .isEqualTo("Service Unavailable")
                .jsonPath("$.detail")
                .isEqualTo("the trainer service is not reachable; try again later")
                .jsonPath("$.requestId")
                .isEqualTo("down-check-1")
                .jsonPath("$.trace")
                .doesNotExist();
        // The gateway's own log lines about it, written on other threads, name the request. The access line is
        // written once the answer is out, so it may come a moment after the client has it.
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(output.getOut())
                        .containsPattern("\\[down-check-1\\].*trainer service failed")
                        .containsPattern(
                                "\\[down-check-1\\].*POST /v1/feedback 503 \\d+ms tenant=platform key=\\w{12}"));
    }

    @Test
    void serviceThatAnswersTooLateIsAGatewayTimeoutProblem() {
        String key = newKey("platform", "app", null).key();
        http.get()
                .uri("/v1/rewards/slow")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("the reward service did not answer in time");
    }

    // --- request ids ---------------------------------------------------------------------------------------------

    @Test
    void wellFormedClientRequestIdIsForwardedAndEchoed(CapturedOutput output) {
        String key = newKey("platform", "app", null).key();
        String requestId = "client-req." + UUID.randomUUID();
        var result = http.get()
                .uri("/v1/models")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .header(GatewayHeaders.REQUEST_ID, requestId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(GatewayHeaders.REQUEST_ID, requestId)
                .expectBody(Echo.class)
                .returnResult();
        assertThat(result.getResponseBody().header(GatewayHeaders.REQUEST_ID)).isEqualTo(requestId);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(output.getOut())
                        .containsPattern("\\[" + requestId.replace(".", "\\.") + "\\].*GET /v1/models 200"));
    }

    @Test
    void missingOrMalformedRequestIdIsReplacedByAGeneratedOne() {
        String key = newKey("platform", "app", null).key();
        for (String offered : new String[] {null, "has spaces", "x".repeat(65), "semi;colon"}) {
            var spec = http.get().uri("/v1/models").header(HttpHeaders.AUTHORIZATION, "Bearer " + key);
            if (offered != null) {
                spec = spec.header(GatewayHeaders.REQUEST_ID, offered);
            }
            var result =
                    spec.exchange().expectStatus().isOk().expectBody(Echo.class).returnResult();
            String returned = result.getResponseHeaders().getFirst(GatewayHeaders.REQUEST_ID);
            assertThat(UUID.fromString(returned).toString()).isEqualTo(returned);
            assertThat(result.getResponseBody().header(GatewayHeaders.REQUEST_ID))
                    .isEqualTo(returned);
        }
    }

    // --- operations ----------------------------------------------------------------------------------------------

    @Test
    void healthShowsTheDatabaseAndPrometheusIsScrapable() {
        http.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP")
                .jsonPath("$.components.db.status")
                .isEqualTo("UP");
        http.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(text -> assertThat(text).contains("jvm_memory_used_bytes"));
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** An absolute URI taken literally: no template expansion, no second round of percent-encoding. */
    private URI raw(String pathAndQuery) {
        return URI.create("http://localhost:" + port + pathAndQuery);
    }

    private Echo get(String path, String key) {
        return http.get()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Echo.class)
                .returnResult()
                .getResponseBody();
    }

    private void createTenant(String id) {
        http.post()
                .uri("/v1/admin/tenants")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + BOOTSTRAP_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", id, "name", id))
                .exchange()
                .expectStatus()
                .isCreated();
    }

    private IssuedKey newKey(String tenant, String role, Double requestsPerSecond) {
        Map<String, Object> body = new java.util.HashMap<>(
                Map.of("tenantId", tenant, "role", role, "name", "test-" + NAMES.incrementAndGet()));
        if (requestsPerSecond != null) {
            body.put("requestsPerSecond", requestsPerSecond);
        }
        return http.post()
                .uri("/v1/admin/keys")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + BOOTSTRAP_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(IssuedKey.class)
                .returnResult()
                .getResponseBody();
    }

    private void expectForbidden(String key, String path, Map<String, Object> body) {
        http.post()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    /** The rate limit header names, as a client reads them. */
    private static final class RateLimitHeaders {
        static final String LIMIT = "X-RateLimit-Limit";
        static final String REMAINING = "X-RateLimit-Remaining";
    }
}
