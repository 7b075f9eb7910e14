package io.pluralign.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.contracts.events.TopicSpec;
import io.pluralign.contracts.events.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The root docker-compose.yml: valid where Docker Compose is installed, and in step with the launcher. */
class DockerComposeTest {
    private static final Pattern TOPIC_LINE =
            Pattern.compile("--topic (\\S+) --partitions (\\d+)(.*)$", Pattern.MULTILINE);
    /** The secrets compose must be given; their compose variable names. */
    private static final Map<String, String> REQUIRED_SECRETS = Map.of(
            "PLURALIGN_TRUST_SECRET", "PLURALIGN_TRUST_SECRET",
            "PLURALIGN_GATEWAY_BOOTSTRAP_ADMIN_KEY", "PLURALIGN_BOOTSTRAP_ADMIN_KEY");

    private final Path root = projectRoot();
    private final Path compose = root.resolve("docker-compose.yml");

    @Test
    void dockerComposeAcceptsTheFileOnceTheSecretsAreSet() throws Exception {
        Assumptions.assumeTrue(
                run(List.of("docker", "compose", "version"), Map.of()).exitCode() == 0,
                "Docker Compose is not installed here");
        // An empty env file: a developer's .env must not make the check pass or fail.
        List<String> config =
                List.of("docker", "compose", "--env-file", "/dev/null", "-f", compose.toString(), "config", "-q");

        Result withSecrets = run(
                config,
                Map.of(
                        "PLURALIGN_TRUST_SECRET",
                        "x".repeat(32),
                        "PLURALIGN_BOOTSTRAP_ADMIN_KEY",
                        "pk_0123456789ab_" + "a".repeat(43)));
        Result without = run(config, Map.of());

        assertThat(withSecrets.exitCode()).as(withSecrets.output()).isZero();
        assertThat(without.exitCode()).isNotZero();
        assertThat(without.output()).contains("set it in .env");
    }

    @Test
    void theTopicContainerCreatesExactlyTheTopicsOfTheContracts() throws IOException {
        List<TopicSpec> created = new ArrayList<>();
        List<?> command = (List<?>) service("kafka-topics").get("command");
        Matcher line = TOPIC_LINE.matcher(
                String.join("\n", command.stream().map(String::valueOf).toList()));
        while (line.find()) {
            created.add(new TopicSpec(
                    line.group(1),
                    Integer.parseInt(line.group(2)),
                    line.group(3).contains("--config cleanup.policy=compact")));
        }

        assertThat(created).containsExactlyInAnyOrderElementsOf(Topics.ALL);
    }

    @Test
    void everyAppIsBuiltAndConfiguredAsTheLauncherDoes() throws IOException {
        for (App app : App.values()) {
            Map<String, Object> service = service(app.moduleName());
            assertThat(map(map(service.get("build")).get("args")))
                    .as(app.moduleName() + " build args")
                    .containsEntry("SERVICE", app.moduleName());
            Map<String, Object> environment = map(service.get("environment"));
            Map<String, String> launcherEnv = AppEnvironment.of(
                    app,
                    LaunchConfig.builder(root).build().appPorts(),
                    "url",
                    "user",
                    "pw",
                    "kafka",
                    "s",
                    "k",
                    Map.of());
            assertThat(environment).as(app.moduleName() + " environment").containsOnlyKeys(launcherEnv.keySet());
            assertThat(environment)
                    .as(app.moduleName() + " port")
                    .containsEntry("SERVER_PORT", String.valueOf(app.defaultPort()));
        }
        assertThat(service("gateway").get("ports")).isEqualTo(List.of("8080:8080"));
    }

    @Test
    void theSecretsHaveNoDefaultsAndMustBeSet() throws IOException {
        for (App app : App.values()) {
            Map<String, Object> environment = map(service(app.moduleName()).get("environment"));
            REQUIRED_SECRETS.forEach((setting, variable) -> {
                if (environment.containsKey(setting)) {
                    assertThat(environment.get(setting))
                            .as(app.moduleName() + " " + setting)
                            .isEqualTo("${" + variable + ":?set it in .env (see README)}");
                }
            });
        }
        assertThat(map(service("gateway").get("environment"))).containsKeys("PLURALIGN_GATEWAY_BOOTSTRAP_ADMIN_KEY");
        assertThat(Files.readString(compose)).doesNotContain("DEV-ONLY-trust").doesNotContain("pk_000000000000");
    }

    private Map<String, Object> service(String name) throws IOException {
        Map<String, Object> services = map(composeFile().get("services"));
        assertThat(services).as("services").containsKey(name);
        return map(services.get(name));
    }

    /** The file as compose reads it, with the {@code <<: *anchor} merges done. */
    private Map<String, Object> composeFile() throws IOException {
        try (Reader reader = Files.newBufferedReader(compose, StandardCharsets.UTF_8)) {
            return map(new Yaml().load(reader));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no docker-compose.yml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** Runs {@code command} in the project root, with {@code env} set and the two secrets unset unless given. */
    private Result run(List<String> command, Map<String, String> env) throws InterruptedException {
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
            REQUIRED_SECRETS.values().forEach(builder.environment()::remove);
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out: " + command);
            }
            return new Result(
                    process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException notInstalled) {
            return new Result(-1, notInstalled.getMessage());
        }
    }

    private record Result(int exitCode, String output) {}
}
