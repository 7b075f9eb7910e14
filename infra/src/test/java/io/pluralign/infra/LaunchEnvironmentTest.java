package io.pluralign.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluralign.contracts.http.ApiKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchEnvironmentTest {
    private static final Path ROOT = Path.of("/srv/pluralign");

    @Test
    void withNothingSetEverythingRunsLocallyOnTheUsualPorts() {
        LaunchConfig config = LaunchEnvironment.read(Map.of(), ROOT);

        assertThat(config.projectRoot()).isEqualTo(ROOT);
        assertThat(config.varDir()).isEqualTo(ROOT.resolve("var"));
        assertThat(config.postgresPort()).isEqualTo(5433);
        assertThat(config.kafkaPort()).isEqualTo(9092);
        assertThat(config.kafkaControllerPort()).isEqualTo(9093);
        assertThat(config.appPorts())
                .containsEntry(App.GATEWAY, 8080)
                .containsEntry(App.PROFILE_SERVICE, 8081)
                .containsEntry(App.STEERING_SERVICE, 8082)
                .containsEntry(App.REWARD_SERVICE, 8083)
                .containsEntry(App.TRAINER_SERVICE, 8084);
        assertThat(config.externalDatabase()).isNull();
        assertThat(config.externalKafkaBootstrapServers()).isNull();
        assertThat(config.healthTimeout()).isEqualTo(Duration.ofSeconds(150));
        assertThat(config.jvmOpts().get(App.REWARD_SERVICE))
                .containsExactly("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k");
        // the two apps that compute get C2
        assertThat(config.jvmOpts().get(App.TRAINER_SERVICE))
                .containsExactly("-Xmx384m", "-XX:+UseSerialGC", "-Xss512k");
        assertThat(config.jvmOpts().get(App.STEERING_SERVICE)).doesNotContain("-XX:TieredStopAtLevel=1");
        assertThat(config.execJar(App.PROFILE_SERVICE))
                .isEqualTo(ROOT.resolve("profile-service/target/profile-service-0.1.0-SNAPSHOT-exec.jar"));
    }

    @Test
    void externalInfrastructureAndOverridesAreRead() {
        String key = "pk_0123456789ab_" + "A".repeat(43);
        LaunchConfig config = LaunchEnvironment.read(
                Map.ofEntries(
                        Map.entry("PLURALIGN_JDBC_URL", "jdbc:postgresql://db:5432/pluralign"),
                        Map.entry("PLURALIGN_JDBC_USER", "app"),
                        Map.entry("PLURALIGN_JDBC_PASSWORD", "pw"),
                        Map.entry("PLURALIGN_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"),
                        Map.entry("PLURALIGN_GATEWAY_PORT", "0"),
                        Map.entry("PLURALIGN_HEALTH_TIMEOUT_SECONDS", "300"),
                        Map.entry("PLURALIGN_JVM_OPTS", " -Xmx256m  -XX:+UseSerialGC "),
                        Map.entry("PLURALIGN_STEERING_SERVICE_JVM_OPTS", "-Xmx2g"),
                        Map.entry("PLURALIGN_BOOTSTRAP_ADMIN_KEY", key),
                        Map.entry("PLURALIGN_VAR_DIR", "/data/pluralign")),
                ROOT);

        assertThat(config.externalDatabase())
                .isEqualTo(new LaunchConfig.ExternalDatabase("jdbc:postgresql://db:5432/pluralign", "app", "pw"));
        assertThat(config.externalKafkaBootstrapServers()).isEqualTo("kafka:9092");
        assertThat(config.appPorts()).containsEntry(App.GATEWAY, 0);
        assertThat(config.healthTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(config.jvmOpts().get(App.GATEWAY)).containsExactly("-Xmx256m", "-XX:+UseSerialGC");
        assertThat(config.jvmOpts().get(App.STEERING_SERVICE)).isEqualTo(List.of("-Xmx2g"));
        assertThat(config.bootstrapAdminKey()).isEqualTo(key);
        assertThat(config.varDir()).isEqualTo(Path.of("/data/pluralign"));
        assertThat(config.toString()).doesNotContain(key).doesNotContain("pw");
    }

    @Test
    void acceptsEveryBootstrapKeyTheGatewayAccepts() {
        String shortestSecret = "pk_0123456789ab_" + "b".repeat(16);

        LaunchConfig config = LaunchEnvironment.read(Map.of("PLURALIGN_BOOTSTRAP_ADMIN_KEY", shortestSecret), ROOT);

        assertThat(config.bootstrapAdminKey()).isEqualTo(shortestSecret);
    }

    @Test
    void badValuesAreNamedInTheMessage() {
        assertThatThrownBy(() -> LaunchEnvironment.read(Map.of("PLURALIGN_KAFKA_PORT", "ninety"), ROOT))
                .hasMessage("PLURALIGN_KAFKA_PORT must be a port number (0 for any free port), got 'ninety'");
        assertThatThrownBy(() -> LaunchEnvironment.read(Map.of("PLURALIGN_BOOTSTRAP_ADMIN_KEY", "secret"), ROOT))
                .hasMessageContaining(ApiKeys.FORMAT_DESCRIPTION);
        assertThatThrownBy(() -> LaunchEnvironment.read(Map.of("PLURALIGN_TRUST_SECRET", "short"), ROOT))
                .hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> LaunchEnvironment.read(Map.of("PLURALIGN_JDBC_USER", "app"), ROOT))
                .hasMessageContaining("PLURALIGN_JDBC_URL is not");
    }
}
