package io.pluralign.gateway;

import io.pluralign.testsupport.RealInfrastructure;
import io.pluralign.testsupport.TestDatabase;
import io.pluralign.testsupport.TestInfrastructure;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The configured bootstrap admin key across restarts of the gateway on the same database. */
@RealInfrastructure
class BootstrapAdminKeyIT {
    private static final String KEY = "pk_0badc0ffee00_bootstrap-restart-secret-0123456789";

    @Test
    void aRevokedBootstrapKeyStaysRevokedAfterARestart(TestInfrastructure infrastructure) {
        try (ConfigurableApplicationContext gateway = start(infrastructure.database())) {
            WebTestClient http = client(gateway);
            http.get()
                    .uri("/v1/admin/tenants")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY)
                    .exchange()
                    .expectStatus()
                    .isOk();
            http.delete()
                    .uri("/v1/admin/keys/0badc0ffee00")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY)
                    .exchange()
                    .expectStatus()
                    .isNoContent();
        }

        try (ConfigurableApplicationContext restarted = start(infrastructure.database())) {
            client(restarted)
                    .get()
                    .uri("/v1/admin/tenants")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectBody()
                    .jsonPath("$.detail")
                    .isEqualTo("the API key has been revoked");
        }
    }

    private static ConfigurableApplicationContext start(TestDatabase database) {
        String nowhere = FakeService.nothingListening().toString();
        return new SpringApplicationBuilder(GatewayApplication.class)
                .properties(Map.of(
                        "server.port",
                        "0",
                        "spring.datasource.url",
                        database.jdbcUrl(),
                        "spring.datasource.username",
                        database.username(),
                        "spring.datasource.password",
                        database.password(),
                        "pluralign.trust.secret",
                        GatewayIT.TRUST_SECRET,
                        "pluralign.gateway.bootstrap-admin-key",
                        KEY,
                        "pluralign.gateway.services.profile",
                        nowhere,
                        "pluralign.gateway.services.steering",
                        nowhere,
                        "pluralign.gateway.services.reward",
                        nowhere,
                        "pluralign.gateway.services.trainer",
                        nowhere))
                .run();
    }

    private static WebTestClient client(ConfigurableApplicationContext gateway) {
        String port = gateway.getEnvironment().getProperty("local.server.port");
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
    }
}
