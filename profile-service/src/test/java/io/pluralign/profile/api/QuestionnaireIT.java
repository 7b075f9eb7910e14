package io.pluralign.profile.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.testsupport.GatewayCaller;
import io.pluralign.testsupport.RealInfrastructure;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Big Five questionnaire against a real PostgreSQL and Kafka, called as the gateway would. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pluralign.trust.secret=" + GatewayCaller.TEST_SECRET)
@RealInfrastructure
class QuestionnaireIT {
    @LocalServerPort
    int port;

    private final JsonMapper json = JsonMapper.builder().build();
    private final GatewayCaller app =
            GatewayCaller.app("t" + UUID.randomUUID().toString().substring(0, 8));

    private WebTestClient.ResponseSpec send(HttpMethod method, String path, String body) {
        return SignedRequests.send(port, app, method, path, body == null ? null : "application/json", body, null);
    }

    private JsonNode read(WebTestClient.ResponseSpec response) {
        return json.readTree(response.expectBody().returnResult().getResponseBody());
    }

    /** Every item answered {@code answer}, except the first extraversion item (1), answered {@code first}. */
    private static String answers(int answer, int first) {
        List<String> pairs = new ArrayList<>();
        for (int item = 1; item <= 50; item++) {
            pairs.add("\"" + item + "\":" + (item == 1 ? first : answer));
        }
        return "{\"answers\":{" + String.join(",", pairs) + "}}";
    }

    @Test
    void theQuestionnaireListsFiftyStatementsWithItsScaleAndAttribution() {
        JsonNode questionnaire = read(
                send(HttpMethod.GET, "/v1/questionnaire", null).expectStatus().isOk());
        assertThat(questionnaire.path("items")).hasSize(50);
        assertThat(questionnaire.path("items").get(0).path("text").asString()).isEqualTo("Am the life of the party.");
        assertThat(questionnaire.path("items").get(0).has("trait")).isFalse();
        assertThat(questionnaire.path("scale")).hasSize(5);
        assertThat(questionnaire.path("attribution").asString())
                .contains("IPIP")
                .contains("Goldberg");
    }

    @Test
    void answersBecomeTheBigFiveWithSourceQuestionnaireAndKeepTheRestOfTheProfile() {
        send(HttpMethod.PUT, "/v1/users/gus/profile", "{\"concepts\":{\"style.formality\":0.5},\"strength\":0.5}")
                .expectStatus()
                .isCreated();
        JsonNode profile = read(send(HttpMethod.POST, "/v1/users/gus/questionnaire", answers(3, 5))
                .expectStatus()
                .isOk());
        assertThat(profile.path("version").asLong()).isEqualTo(2);
        JsonNode extraversion = profile.path("bigFive").path("extraversion");
        assertThat(extraversion.path("value").asDouble()) // one of its ten items two steps up
                .isCloseTo(0.55, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(extraversion.path("source").asString()).isEqualTo("questionnaire");
        assertThat(profile.path("bigFive").path("openness").path("value").asDouble())
                .isEqualTo(0.5);
        assertThat(profile.path("concepts").path("style.formality").asDouble()).isEqualTo(0.5);
        assertThat(profile.path("strength").asDouble()).isEqualTo(0.5);
        JsonNode history = read(send(HttpMethod.GET, "/v1/users/gus/profile/history", null));
        assertThat(history.path("versions").get(1).path("change").asString()).isEqualTo("questionnaire");

        send(HttpMethod.POST, "/v1/users/hal/questionnaire", answers(4, 4))
                .expectStatus()
                .isCreated();
    }

    @Test
    void partialOrOutOfRangeAnswersGetA400NamingTheItemsAndWriteNothing() {
        String partial = answers(3, 3).replace("\"7\":3,", "").replace("\"12\":3,", "");
        JsonNode problem = read(send(HttpMethod.POST, "/v1/users/ivy/questionnaire", partial)
                .expectStatus()
                .isBadRequest());
        assertThat(problem.path("detail").asString()).contains("[7, 12]");
        JsonNode outOfRange = read(send(HttpMethod.POST, "/v1/users/ivy/questionnaire", answers(3, 9))
                .expectStatus()
                .isBadRequest());
        assertThat(outOfRange.path("errors").get(0).path("field").asString()).isEqualTo("answers.1");
        send(HttpMethod.POST, "/v1/users/ivy/questionnaire", answers(3, 3).replace("\"5\":3", "\"5\":\"often\""))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("answers.5");
        send(HttpMethod.POST, "/v1/users/ivy/questionnaire", "{\"answers\":[3,3]}")
                .expectStatus()
                .isBadRequest();
        send(HttpMethod.GET, "/v1/users/ivy/profile", null).expectStatus().isNotFound();
    }
}
