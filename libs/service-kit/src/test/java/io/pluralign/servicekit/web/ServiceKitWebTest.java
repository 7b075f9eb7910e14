package io.pluralign.servicekit.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pluralign.contracts.http.CallerAssertion;
import io.pluralign.contracts.http.GatewayHeaders;
import io.pluralign.contracts.http.GatewaySignature;
import io.pluralign.contracts.http.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** What a service's API user sees of the kit: caller verification, request ids, and problem+json errors. */
@WebFluxTest(controllers = ServiceKitWebTest.EchoController.class)
@Import(ServiceKitWebTest.EchoController.class)
@ImportAutoConfiguration(io.pluralign.servicekit.config.ServiceKitAutoConfiguration.class)
@TestPropertySource(
        properties = {
            "pluralign.trust.secret=" + ServiceKitWebTest.SECRET,
            "spring.config.import=classpath:pluralign-service-defaults.yml",
            "spring.application.name=kit-test",
            "spring.kafka.bootstrap-servers=localhost:1"
        })
@ExtendWith(OutputCaptureExtension.class)
class ServiceKitWebTest {
    static final String SECRET = "service-kit-test-secret-0123456789abcdef";
    private static final Logger log = LoggerFactory.getLogger(ServiceKitWebTest.class);

    @Autowired
    WebTestClient client;

    record Body(@NotNull @Max(10) Integer size) {}

    @RestController
    static class EchoController {
        @GetMapping("/v1/echo")
        Mono<String> echo(Caller caller) {
            return Blocking.call(() -> {
                log.info("handling echo off the event loop");
                return caller.tenantId() + "/" + caller.role().wire();
            });
        }

        @GetMapping("/v1/missing")
        Mono<String> missing(Caller caller) {
            return Blocking.call(() -> {
                throw ApiException.notFound("nothing here for " + caller.tenantId());
            });
        }

        @PostMapping("/v1/echo")
        Mono<Integer> post(Caller caller, @Valid @RequestBody Body body) {
            return Mono.just(body.size());
        }
    }

    private static WebTestClient.RequestHeadersSpec<?> signed(WebTestClient.RequestHeadersSpec<?> spec, String method) {
        return signedFor(spec, method, "/v1/echo");
    }

    private static WebTestClient.RequestHeadersSpec<?> signedFor(
            WebTestClient.RequestHeadersSpec<?> spec, String method, String path) {
        long now = Instant.now().getEpochSecond();
        String signature = new GatewaySignature(SECRET, Duration.ofMinutes(5))
                .sign(new CallerAssertion("acme", Role.ADMIN, "k1", now, method, path));
        return spec.header(GatewayHeaders.TENANT, "acme")
                .header(GatewayHeaders.ROLE, "admin")
                .header(GatewayHeaders.KEY_ID, "k1")
                .header(GatewayHeaders.ISSUED_AT, Long.toString(now))
                .header(GatewayHeaders.SIGNATURE, signature);
    }

    @Test
    void signedRequestReachesTheControllerAsTheVerifiedCaller(CapturedOutput output) {
        signed(client.get().uri("/v1/echo"), "GET")
                .header(GatewayHeaders.REQUEST_ID, "req-abc.123")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(GatewayHeaders.REQUEST_ID, "req-abc.123")
                .expectBody(String.class)
                .isEqualTo("acme/admin");
        // the access line is written when the exchange completes, just after the client has its response
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(output.getOut())
                        .as("log lines written on another thread carry the request id")
                        .containsPattern("req-abc\\.123.*handling echo off the event loop")
                        .containsPattern("req-abc\\.123.*GET /v1/echo -> 200 .* tenant=acme key=k1"));
    }

    @Test
    void unsignedRequestIsUnauthorizedWithAProblemAndAGeneratedRequestId() {
        client.get()
                .uri("/v1/echo")
                .header(GatewayHeaders.TENANT, "acme")
                .header(GatewayHeaders.REQUEST_ID, "has spaces, not accepted")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .value(GatewayHeaders.REQUEST_ID, id -> assertThat(id).hasSize(36))
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(401)
                .jsonPath("$.instance")
                .isEqualTo("/v1/echo")
                .jsonPath("$.error.type")
                .isEqualTo("authentication_error")
                .jsonPath("$.error.message")
                .value(message -> assertThat((String) message).contains("gateway"));
    }

    @Test
    void invalidBodyNamesTheField() {
        signed(
                        client.post()
                                .uri("/v1/echo")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue("{\"size\": 11}"),
                        "POST")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("size")
                .jsonPath("$.requestId")
                .exists()
                // OpenAI SDKs read the same error from OpenAI's shape
                .jsonPath("$.error.type")
                .isEqualTo("invalid_request_error")
                .jsonPath("$.error.param")
                .isEqualTo("size")
                .jsonPath("$.error.message")
                .value(message -> assertThat((String) message).contains("size"));
    }

    @Test
    void domainErrorsBecomeProblemsWithTheRequestId() {
        signedFor(client.get().uri("/v1/missing"), "GET", "/v1/missing")
                .header(GatewayHeaders.REQUEST_ID, "req-404")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("nothing here for acme")
                .jsonPath("$.requestId")
                .isEqualTo("req-404")
                .jsonPath("$.instance")
                .isEqualTo("/v1/missing")
                .jsonPath("$.error.type")
                .isEqualTo("not_found_error")
                .jsonPath("$.error.message")
                .isEqualTo("nothing here for acme");
    }

    @Test
    void everyPathButTheOperationalOnesNeedsASignedCaller() {
        client.get().uri("/not-api").exchange().expectStatus().isUnauthorized();
        client.get().uri("/v3/api-docs").exchange().expectStatus().isNotFound();
        // an encoded or parameterised path that routing would still map to /v1/echo is not let through unsigned
        client.get()
                .uri(java.net.URI.create("/%761/echo"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        client.get()
                .uri(java.net.URI.create("/v1;x=y/echo"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        client.get()
                .uri(java.net.URI.create("/actuator/..%2Fv1/echo"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }
}
