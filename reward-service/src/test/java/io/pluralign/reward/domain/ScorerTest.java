package io.pluralign.reward.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.pluralign.contracts.events.Float32;
import io.pluralign.contracts.events.RewardModelUpdated;
import io.pluralign.contracts.http.GatewaySignature;
import io.pluralign.servicekit.peer.PeerClient;
import io.pluralign.servicekit.peer.PeerProperties;
import io.pluralign.servicekit.peer.SteeringActivations;
import io.pluralign.servicekit.web.ApiException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a score request gets in each state of the tenant's reward model and of the model host. steering-service is
 * stood in for by a small HTTP server answering {@code /v1/activations} as told; the scorer, its peer client and the
 * reward model are the real ones.
 */
class ScorerTest {
    private static final String FITTED_ON = "mini@1";

    /** What the stand-in answers: a status and a body. */
    private record Answer(int status, String body) {}

    private final AtomicReference<Answer> next = new AtomicReference<>();
    private HttpServer steering;
    private RewardModels models;
    private UserWeights users;
    private Scorer scorer;

    @BeforeEach
    void start() throws IOException {
        steering = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        steering.createContext("/v1/activations", exchange -> {
            exchange.getRequestBody().readAllBytes();
            Answer answer = next.get();
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        steering.start();
        URI base = URI.create("http://127.0.0.1:" + steering.getAddress().getPort());
        PeerClient peers = new PeerClient(
                new GatewaySignature("scorer-test-secret-0123456789abcdef", Duration.ofMinutes(5)),
                "reward-service",
                JsonMapper.shared(),
                Duration.ofSeconds(10),
                Clock.systemUTC());
        models = new RewardModels();
        users = new UserWeights();
        scorer = new Scorer(
                models,
                users,
                new SteeringActivations(peers, new PeerProperties(base, base, base, base, Duration.ofSeconds(10))));
    }

    @AfterEach
    void stop() {
        steering.stop(0);
    }

    /** One prototype at +1, one at -1, on the first of two embedding dimensions. */
    private void fitted() {
        models.update(new RewardModelUpdated(
                "acme",
                1,
                FITTED_ON,
                3,
                2,
                1,
                Float32.encode(new double[] {0, 0}),
                1,
                Float32.encodeMatrix(new double[][] {{1, 0}}),
                Float32.encodeMatrix(new double[][] {{1}, {-1}}),
                10,
                2,
                0.9,
                Instant.EPOCH));
    }

    private void hostAnswers(String modelKey, String... embeddings) {
        StringBuilder json = new StringBuilder("{\"modelKey\":\"" + modelKey + "\",\"activations\":[");
        for (int i = 0; i < embeddings.length; i++) {
            json.append(i == 0 ? "" : ",").append("[[").append(embeddings[i]).append("]]");
        }
        next.set(new Answer(200, json.append("]}").toString()));
    }

    private static int status(Throwable e) {
        return ((ApiException) e).getStatusCode().value();
    }

    @Test
    void aTenantWithoutARewardModelIsAConflictNamingWhy() {
        hostAnswers(FITTED_ON, "1, 0");
        assertThatThrownBy(() -> scorer.score("acme", "u", null, "q", List.of("a")))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(status(e)).isEqualTo(409))
                .hasMessageContaining("no reward model yet");
    }

    @Test
    void aModelHostServingAnotherModelIsUnavailableUntilARefit() {
        fitted();
        hostAnswers("other@2", "1, 0");
        assertThatThrownBy(() -> scorer.score("acme", "u", null, "q", List.of("a")))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(status(e)).isEqualTo(503))
                .hasMessageContaining("a refit is needed");
    }

    @Test
    void aModelHostThatIsAwayIsUnavailableAndOneRefusingAnAnswerIsABadRequest() {
        fitted();
        next.set(new Answer(503, "{\"detail\":\"overloaded\"}"));
        assertThatThrownBy(() -> scorer.score("acme", "u", null, "q", List.of("a")))
                .satisfies(e -> assertThat(status(e)).isEqualTo(503));
        next.set(new Answer(400, "{\"detail\":\"the answer is empty once tokenized\"}"));
        assertThatThrownBy(() -> scorer.score("acme", "u", null, "q", List.of("")))
                .satisfies(e -> assertThat(status(e)).isEqualTo(400))
                .hasMessageContaining("cannot read an answer");
    }

    @Test
    void aUserWithoutWeightsIsScoredAsTheAverageUserAndALearnedUserByTheirOwn() {
        fitted();
        hostAnswers(FITTED_ON, "1, 0", "-1, 0");
        Scorer.Scored average = scorer.score("acme", "newcomer", null, "q", List.of("a", "b"));
        assertThat(average.weightsSource()).isEqualTo("uniform");
        assertThat(average.rewards()[0]).isEqualTo(average.rewards()[1]);

        users.update("acme", "leaning", 3, List.of(0.9, 0.1), "learned");
        Scorer.Scored leaning = scorer.score("acme", "leaning", null, "q", List.of("a", "b"));
        assertThat(leaning.weightsSource()).isEqualTo("learned");
        assertThat(leaning.rewardModelVersion()).isEqualTo(1);
        assertThat(leaning.rewards()[0]).isGreaterThan(leaning.rewards()[1]);
    }
}
