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

/** Listing a tenant's users and exporting one user's data, against a real PostgreSQL and Kafka. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pluralign.trust.secret=" + GatewayCaller.TEST_SECRET, "pluralign.profile.prototypes=3"})
@RealInfrastructure
class UsersIT {
    @LocalServerPort
    int port;

    private final JsonMapper json = JsonMapper.builder().build();
    private final String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
    private final GatewayCaller app = GatewayCaller.app(tenant);
    private final GatewayCaller admin = GatewayCaller.admin(tenant);

    private WebTestClient.ResponseSpec send(GatewayCaller caller, HttpMethod method, String path, String body) {
        return SignedRequests.send(port, caller, method, path, body == null ? null : "application/json", body, null);
    }

    private JsonNode read(WebTestClient.ResponseSpec response) {
        return json.readTree(
                response.expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    /** User {@code u<i>}: openness i / 10, the largest weight on prototype i % 3. */
    private void createUsers(int count) {
        for (int i = 0; i < count; i++) {
            double[] w = {0.2, 0.2, 0.2};
            w[i % 3] = 0.6;
            String body = "{\"bigFive\":{\"openness\":" + i / 10.0
                    + ",\"conscientiousness\":0.5,\"extraversion\":0.5,\"agreeableness\":0.5,\"neuroticism\":0.5},"
                    + "\"palWeights\":[" + w[0] + "," + w[1] + "," + w[2] + "]}";
            send(app, HttpMethod.PUT, "/v1/users/u" + i + "/profile", body)
                    .expectStatus()
                    .isCreated();
        }
    }

    @Test
    void adminsPageAndFilterTheTenantsUsersWithCounts() {
        createUsers(7);
        JsonNode all = read(send(admin, HttpMethod.GET, "/v1/users?size=3&page=1", null));
        assertThat(all.path("total").asLong()).isEqualTo(7);
        assertThat(ids(all)).containsExactly("u3", "u4", "u5");

        JsonNode open = read(send(admin, HttpMethod.GET, "/v1/users?openness=0.35..1", null));
        assertThat(ids(open)).containsExactly("u4", "u5", "u6");
        assertThat(open.path("users").get(0).path("bigFive").path("openness").asDouble())
                .isEqualTo(0.4);

        JsonNode second = read(send(admin, HttpMethod.GET, "/v1/users?prototype=1&openness=0..0.5", null));
        assertThat(second.path("total").asLong()).isEqualTo(2);
        assertThat(ids(second)).containsExactly("u1", "u4");
        assertThat(second.path("users").get(0).path("dominantPrototype").asInt())
                .isEqualTo(1);

        send(app, HttpMethod.GET, "/v1/users", null).expectStatus().isForbidden();
        send(admin, HttpMethod.GET, "/v1/users?openness=0.9..0.1&size=500&color=red", null)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors.length()")
                .isEqualTo(3);
        JsonNode otherTenant = read(send(GatewayCaller.admin("x" + tenant), HttpMethod.GET, "/v1/users", null));
        assertThat(otherTenant.path("total").asLong()).isZero();
    }

    @Test
    void anExportHoldsTheProfileAndEveryVersion() {
        createUsers(1);
        send(app, HttpMethod.PATCH, "/v1/users/u0/profile", "{\"systemPreferences\":\"Use metric units.\"}")
                .expectStatus()
                .isOk();
        JsonNode export = read(send(app, HttpMethod.GET, "/v1/users/u0/profile/export", null));
        assertThat(export.path("profile").path("systemPreferences").asString()).isEqualTo("Use metric units.");
        assertThat(export.path("versions")).hasSize(2);
        assertThat(export.path("versions").get(0).path("profile").has("systemPreferences"))
                .isFalse();
        assertThat(export.path("versions").get(1).path("change").asString()).isEqualTo("patch");
        send(app, HttpMethod.GET, "/v1/users/nobody/profile/export", null)
                .expectStatus()
                .isNotFound();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("users").forEach(u -> ids.add(u.path("userId").asString()));
        return ids;
    }
}
