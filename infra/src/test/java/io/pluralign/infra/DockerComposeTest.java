package io.pluralign.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.contracts.events.TopicSpec;
import io.pluralign.contracts.events.Topics;
import java.io.IOException;
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

/** The root docker-compose.yml: valid where Docker Compose is installed, and in step with the launcher. */
class DockerComposeTest {
    private static final Pattern TOPIC_LINE =
            Pattern.compile("--topic (\\S+) --partitions (\\d+)(.*)$", Pattern.MULTILINE);

    private final Path root = projectRoot();
    private final Path compose = root.resolve("docker-compose.yml");

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        Assumptions.assumeTrue(
                run(List.of("docker", "compose", "version")).exitCode() == 0, "Docker Compose is not installed here");

        Result config = run(List.of("docker", "compose", "-f", compose.toString(), "config", "-q"));

        assertThat(config.exitCode()).as(config.output()).isZero();
    }

    @Test
    void theTopicContainerCreatesExactlyTheTopicsOfTheContracts() throws IOException {
        List<TopicSpec> created = new ArrayList<>();
        Matcher line = TOPIC_LINE.matcher(Files.readString(compose));
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
        String text = Files.readString(compose);
        for (App app : App.values()) {
            assertThat(text).contains("SERVICE: " + app.moduleName());
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
            for (String variable : launcherEnv.keySet()) {
                assertThat(text).as(app.moduleName()).contains(variable + ":");
            }
        }
        assertThat(text).contains("\"8080:8080\"");
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

    private Result run(List<String> command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .start();
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
