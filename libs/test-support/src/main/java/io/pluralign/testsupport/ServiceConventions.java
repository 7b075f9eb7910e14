package io.pluralign.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every Pluralign service promises operators, checked against the running service with real PostgreSQL and
 * Kafka: healthy only with both, Prometheus metrics, an OpenAPI description, and its own schema migrated by Flyway.
 * A service's test extends this, annotated {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} and
 * {@link RealInfrastructure}.
 */
public abstract class ServiceConventions {
    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    /** The PostgreSQL schema this service owns. */
    protected abstract String schema();

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void isHealthyWithItsDatabaseAndKafka() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = JsonMapper.shared().readTree(health.body());
        assertThat(body.path("status").asString()).isEqualTo("UP");
        assertThat(body.path("components").path("db").path("status").asString()).isEqualTo("UP");
        assertThat(body.path("components").path("kafka").path("status").asString())
                .isEqualTo("UP");
    }

    @Test
    void exposesPrometheusMetrics() throws Exception {
        HttpResponse<String> metrics = get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("hikaricp_connections");
    }

    @Test
    void publishesAnOpenApiDescription() throws Exception {
        HttpResponse<String> docs = get("/v3/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("\"openapi\":\"3.");
    }

    @Test
    void ownsItsSchemaMigratedByFlyway(TestInfrastructure infra) throws SQLException {
        try (Connection connection = infra.database().connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT count(*) FROM " + schema() + ".flyway_schema_history WHERE success")) {
            rs.next();
            assertThat(rs.getInt(1))
                    .as("applied migrations in schema " + schema())
                    .isPositive();
        }
    }
}
