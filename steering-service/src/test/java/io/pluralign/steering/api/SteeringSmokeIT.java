package io.pluralign.steering.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.steering.domain.ConceptService;
import io.pluralign.testsupport.GatewayCaller;
import io.pluralign.testsupport.RealInfrastructure;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pluralign.trust.secret=" + GatewayCaller.TEST_SECRET)
@RealInfrastructure
class SteeringSmokeIT {
    @LocalServerPort
    int port;

    @Autowired
    ConceptService concepts;

    @Test
    void smoke() throws Exception {
        concepts.awaitIdle();
        WebTestClient client = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(java.time.Duration.ofSeconds(60))
                .build();
        GatewayCaller app = GatewayCaller.app("acme");
        String body = client.get()
                .uri("/v1/concepts")
                .headers(h -> app.headers("GET", "/v1/concepts").forEach(h::add))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        System.out.println(body);
        String detail = client.get()
                .uri("/v1/concepts/style.formality")
                .headers(h -> app.headers("GET", "/v1/concepts/style.formality").forEach(h::add))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        System.out.println(detail);
        String chat = client.post()
                .uri("/v1/chat/completions")
                .headers(h -> app.headers("POST", "/v1/chat/completions").forEach(h::add))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "model",
                        "pluralign-mini",
                        "messages",
                        java.util.List.of(Map.of("role", "user", "content", "How do I start running?")),
                        "seed",
                        1,
                        "steering",
                        Map.of("concepts", Map.of("style.formality", 1.0))))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        System.out.println(chat);
        assertThat(chat).contains("choices");
    }
}
