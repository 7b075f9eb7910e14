package io.pluralign.steering.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.engine.GenerationEngine;
import io.pluralign.testsupport.GatewayCaller;
import io.pluralign.testsupport.RealInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/** With two slots and one waiting place: overload is a 429 with Retry-After, and a client that leaves frees its slot. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pluralign.trust.secret=" + GatewayCaller.TEST_SECRET,
            "pluralign.steering.slots=2",
            "pluralign.steering.max-queued=1",
            "pluralign.steering.compute-on-start=false"
        })
@RealInfrastructure
class OverloadIT {
    private static final String LONG = "{\"model\":\"pluralign-mini\",\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"Tell me everything about baking bread.\"}],\"max_tokens\":200,\"temperature\":1,\"seed\":%d%s}";

    @LocalServerPort
    int port;

    @Autowired
    GenerationEngine engine;

    private HttpRequest request(String body) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        GatewayCaller.app("busy").headers("POST", "/v1/chat/completions").forEach(r::header);
        return r.build();
    }

    @Test
    void requestsBeyondTheQueueGet429WithRetryAfterAndTheOthersComplete() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sent.add(http.sendAsync(request(String.format(LONG, i, "")), HttpResponse.BodyHandlers.ofString()));
        }
        int ok = 0;
        int busy = 0;
        for (CompletableFuture<HttpResponse<String>> f : sent) {
            HttpResponse<String> response = f.get(120, TimeUnit.SECONDS);
            if (response.statusCode() == 200) {
                ok++;
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
                assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(response.body()).contains("rate_limit_error");
                busy++;
            }
        }
        assertThat(ok).as("the running and the queued ones finish").isGreaterThanOrEqualTo(3);
        assertThat(busy).as("the rest are refused, not queued without bound").isPositive();
    }

    @Test
    void aStreamingClientThatGoesAwayFreesItsSlot() throws Exception {
        WebClient client = WebClient.create("http://localhost:" + port);
        String body = String.format(LONG, 1, ",\"stream\":true");
        Disposable stream = client.post()
                .uri("/v1/chat/completions")
                .headers(h -> GatewayCaller.app("busy")
                        .headers("POST", "/v1/chat/completions")
                        .forEach(h::add))
                .header("Content-Type", "application/json")
                .bodyValue(body)
                .retrieve()
                .bodyToFlux(String.class)
                .subscribe();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (engine.stats().running() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(engine.stats().running()).isEqualTo(1);
        long generatedBefore = engine.stats().generatedTokens();
        stream.dispose();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (engine.stats().running() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(engine.stats().running())
                .as("the cancelled sequence left the batch")
                .isZero();
        assertThat(engine.stats().generatedTokens() - generatedBefore).isLessThan(200);
    }
}
