package io.pluralign.profile.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.testsupport.GatewayCaller;
import io.pluralign.testsupport.RealInfrastructure;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole profile document against a real PostgreSQL and Kafka, called as the gateway would: every field, sources,
 * merge patches, the admin-only safety rules, history and old versions.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pluralign.trust.secret=" + GatewayCaller.TEST_SECRET, "pluralign.profile.prototypes=3"})
@RealInfrastructure
class ProfileDocumentIT {
    private static final String FULL = """
            {"bigFive":{"openness":0.8,"conscientiousness":0.4,"extraversion":0.3,"agreeableness":0.9,"neuroticism":0.2},
             "palWeights":[0.2,0.3,0.5000001],
             "concepts":{"style.formality":0.5,"trait.extraversion":-0.25},
             "systemPreferences":"Short answers.",
             "strength":1.5,
             "optOut":false}
            """;
    private static final String MERGE_PATCH = "application/merge-patch+json";

    @LocalServerPort
    int port;

    private final JsonMapper json = JsonMapper.builder().build();
    private final String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
    private final GatewayCaller app = GatewayCaller.app(tenant);
    private final GatewayCaller admin = GatewayCaller.admin(tenant);

    private WebTestClient.ResponseSpec send(
            GatewayCaller caller, HttpMethod method, String path, String contentType, String body, String ifMatch) {
        return SignedRequests.send(port, caller, method, path, contentType, body, ifMatch);
    }

    private WebTestClient.ResponseSpec put(GatewayCaller caller, String user, String body) {
        return send(caller, HttpMethod.PUT, path(user), "application/json", body, null);
    }

    private WebTestClient.ResponseSpec patch(GatewayCaller caller, String user, String patch, String ifMatch) {
        return send(caller, HttpMethod.PATCH, path(user), MERGE_PATCH, patch, ifMatch);
    }

    private JsonNode get(GatewayCaller caller, String pathAndQuery) {
        byte[] body = send(caller, HttpMethod.GET, pathAndQuery, null, null, null)
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return json.readTree(body);
    }

    private static String path(String user) {
        return "/v1/users/" + user + "/profile";
    }

    @Test
    void everyFieldIsStoredWithItsSourceAndAReadModifyWriteRelabelsNothing() {
        put(app, "ann", FULL).expectStatus().isCreated();
        JsonNode first = get(app, path("ann"));
        assertThat(first.path("bigFive").path("openness").path("source").asString())
                .isEqualTo("declared");
        assertThat(first.path("palWeights").path("source").asString()).isEqualTo("seeded");
        double sum = 0;
        for (JsonNode w : first.path("palWeights").path("weights")) {
            sum += w.asDouble();
        }
        assertThat(sum)
                .as("weights are normalised onto the simplex")
                .isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(first.path("concepts").path("trait.extraversion").asDouble()).isEqualTo(-0.25);
        assertThat(first.path("strength").asDouble()).isEqualTo(1.5);
        assertThat(first.path("optOut").asBoolean()).isFalse();

        // the client sends back what it read, changing only extraversion
        String roundTrip =
                first.toString().replace("\"extraversion\":{\"value\":0.3", "\"extraversion\":{\"value\":0.35");
        put(app, "ann", roundTrip).expectStatus().isOk();
        JsonNode second = get(app, path("ann"));
        assertThat(second.path("bigFive").path("openness"))
                .as("an unchanged trait keeps its time")
                .isEqualTo(first.path("bigFive").path("openness"));
        assertThat(second.path("bigFive").path("extraversion").path("setAt").asString())
                .isNotEqualTo(
                        first.path("bigFive").path("extraversion").path("setAt").asString());
        assertThat(second.path("palWeights")).isEqualTo(first.path("palWeights"));
    }

    @Test
    void everyInvalidFieldIsNamedInOneProblemAndNothingIsWritten() {
        String bad = """
                {"bigFive":{"openness":1.5,"conscientiousness":"high","extraversion":0.3,"agreeableness":0.9},
                 "palWeights":[0.5,0.6,-0.1],
                 "concepts":{"style.formality":2,"style.sarcasm":0.1},
                 "strength":3,
                 "optOut":"yes",
                 "mood":"grumpy"}
                """;
        byte[] body = put(app, "bea", bad)
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .returnResult()
                .getResponseBody();
        List<String> fields = new ArrayList<>();
        json.readTree(body)
                .path("errors")
                .forEach(e -> fields.add(e.path("field").asString()));
        assertThat(fields)
                .contains(
                        "bigFive.openness",
                        "bigFive.conscientiousness",
                        "bigFive.neuroticism",
                        "palWeights[2]",
                        "concepts.style.formality",
                        "concepts.style.sarcasm",
                        "strength",
                        "optOut",
                        "mood");
        assertBadWeights("[0.5,0.5]", "must have 3 weights");
        assertBadWeights("[0.2,0.2,0.2]", "must sum to 1");
        assertBadWeights("\"even\"", "must be an array");
        send(app, HttpMethod.GET, path("bea"), null, null, null).expectStatus().isNotFound();
    }

    private void assertBadWeights(String weights, String message) {
        put(app, "bea", FULL.replace("[0.2,0.3,0.5000001]", weights))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("palWeights")
                .jsonPath("$.errors[0].message")
                .value(String.class, m -> assertThat(m).contains(message));
    }

    @Test
    void onlyAnAdminKeyChangesSafetyAndAppKeysCanReadIt() {
        String safety = "{\"safety\":{\"enforced\":{\"safety.harmlessness\":1.0}}}";
        put(app, "cid", FULL).expectStatus().isCreated();
        patch(app, "cid", safety, null).expectStatus().isForbidden();
        put(
                        app,
                        "cid",
                        FULL.replace(
                                "\"optOut\":false", "\"optOut\":false," + safety.substring(1, safety.length() - 1)))
                .expectStatus()
                .isForbidden();
        assertThat(get(app, path("cid")).path("version").asLong())
                .as("nothing written")
                .isEqualTo(1);

        patch(admin, "cid", safety, null).expectStatus().isOk();
        put(app, "cid", FULL).expectStatus().isOk(); // an app's PUT without safety leaves it as it is
        JsonNode read = get(app, path("cid"));
        assertThat(read.path("safety")
                        .path("enforced")
                        .path("safety.harmlessness")
                        .asDouble())
                .isEqualTo(1.0);
        patch(app, "cid", "{\"safety\":null}", null).expectStatus().isForbidden();
        patch(admin, "cid", "{\"safety\":{\"enforced\":{\"safety.jailbreak\":1}}}", null)
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void aMergePatchChangesOnlyWhatItNamesAndNullRemoves() {
        put(app, "dee", FULL).expectStatus().isCreated();
        JsonNode before = get(app, path("dee"));
        patch(app, "dee", "{\"bigFive\":{\"neuroticism\":0.7},\"systemPreferences\":null,\"optOut\":true}", "\"1\"")
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"2\"");
        JsonNode after = get(app, path("dee"));
        assertThat(after.path("bigFive").path("neuroticism").path("value").asDouble())
                .isEqualTo(0.7);
        assertThat(after.path("bigFive").path("openness"))
                .isEqualTo(before.path("bigFive").path("openness"));
        assertThat(after.has("systemPreferences")).isFalse();
        assertThat(after.path("optOut").asBoolean()).isTrue();
        assertThat(after.path("concepts")).isEqualTo(before.path("concepts"));

        patch(app, "dee", "{\"strength\":0}", "\"1\"").expectStatus().isEqualTo(412);
        patch(app, "nobody", "{\"strength\":0}", null).expectStatus().isNotFound();
        patch(app, "dee", "{\"strength\":-1}", null)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("strength");
    }

    @Test
    void racingPatchesGiveOneSuccessAndOne412AndTheHistoryHasOnlyAcceptedVersions() {
        put(app, "eve", FULL).expectStatus().isCreated();
        List<CompletableFuture<Integer>> racers = new ArrayList<>();
        for (double strength : new double[] {0.5, 0.7}) {
            racers.add(CompletableFuture.supplyAsync(() -> patch(app, "eve", "{\"strength\":" + strength + "}", "\"1\"")
                    .returnResult(String.class)
                    .getStatus()
                    .value()));
        }
        assertThat(racers.stream().map(CompletableFuture::join).sorted().toList())
                .containsExactly(200, 412);
        JsonNode history = get(app, path("eve") + "/history").path("versions");
        assertThat(history).hasSize(2);
        assertThat(history.get(1).path("change").asString()).isEqualTo("patch");
        assertThat(history.get(1).path("changes")).hasSize(1);
        assertThat(history.get(1).path("changes").get(0).path("path").asString())
                .isEqualTo("strength");
    }

    @Test
    void historyListsEveryVersionWithWhoChangedWhatAndOldVersionsCanBeRead() {
        put(app, "fay", FULL).expectStatus().isCreated();
        patch(app, "fay", "{\"concepts\":{\"style.formality\":-0.5}}", null)
                .expectStatus()
                .isOk();
        patch(admin, "fay", "{\"safety\":{\"enforced\":{\"safety.privacy\":0.5}}}", null)
                .expectStatus()
                .isOk();
        JsonNode versions = get(app, path("fay") + "/history").path("versions");
        assertThat(versions).hasSize(3);
        assertThat(versions.get(0).path("changedBy").asString()).isEqualTo("key:" + app.keyId());
        assertThat(versions.get(0).path("change").asString()).isEqualTo("put");
        JsonNode formality = versions.get(1).path("changes").get(0);
        assertThat(formality.path("path").asString()).isEqualTo("concepts.style.formality");
        assertThat(formality.path("from").asDouble()).isEqualTo(0.5);
        assertThat(formality.path("to").asDouble()).isEqualTo(-0.5);
        assertThat(versions.get(2).path("changedBy").asString()).isEqualTo("key:" + admin.keyId());

        JsonNode first = get(app, path("fay") + "?version=1");
        assertThat(first.path("version").asLong()).isEqualTo(1);
        assertThat(first.path("concepts").path("style.formality").asDouble()).isEqualTo(0.5);
        send(app, HttpMethod.GET, path("fay") + "?version=9", null, null, null)
                .expectStatus()
                .isNotFound();

        send(app, HttpMethod.DELETE, path("fay"), null, null, null)
                .expectStatus()
                .isNoContent();
        send(app, HttpMethod.GET, path("fay") + "/history", null, null, null)
                .expectStatus()
                .isNotFound();
        send(app, HttpMethod.GET, path("fay") + "?version=1", null, null, null)
                .expectStatus()
                .isNotFound();
    }
}
