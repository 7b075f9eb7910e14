package io.pluralign.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluralign.contracts.events.TopicSpec;
import io.pluralign.contracts.events.Topics;
import io.pluralign.contracts.http.ApiKeys;
import io.pluralign.infra.internal.EmbeddedPostgresServer;
import io.pluralign.infra.internal.KafkaBrokerProcess;
import io.pluralign.infra.internal.PortCheck;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's behaviour around the apps, with {@link FakeApp} in place of the real services and one PostgreSQL and
 * Kafka shared by the tests (given to the platform as external ones).
 */
class PlatformTest {
    private static final List<String> SMALL_JVM = List.of("-Xmx48m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    @TempDir
    static Path shared;

    static EmbeddedPostgresServer postgres;
    static KafkaBrokerProcess kafka;

    @TempDir
    Path root;

    Map<App, Integer> ports;

    @BeforeAll
    static void startInfrastructure() {
        postgres = EmbeddedPostgresServer.start(
                shared.resolve("postgres"), PortCheck.resolve(0), shared.resolve("logs/postgres.log"));
        postgres.ensureDatabase(Platform.DATABASE);
        kafka = KafkaBrokerProcess.launch(
                shared.resolve("kafka"),
                PortCheck.resolve(0),
                PortCheck.resolve(0),
                LaunchConfig.DEFAULT_KAFKA_JVM_OPTS,
                shared,
                shared.resolve("logs/kafka.log"));
        kafka.awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stopInfrastructure() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void fakeApps() throws Exception {
        FakeApps.install(root);
        ports = new EnumMap<>(App.class);
        for (App app : App.values()) {
            ports.put(app, PortCheck.resolve(0));
        }
    }

    @Test
    void startsEveryAppWithItsSettingsAndStopsThemAllOnClose() throws Exception {
        Map<App, Long> pids = new EnumMap<>(App.class);
        try (Platform platform = Platform.start(config().build())) {
            for (App app : App.values()) {
                Map<String, String> env = FakeApps.environmentOf(platform.serviceUrl(app.moduleName()));
                pids.put(app, Long.parseLong(env.get("pid")));
                assertThat(env)
                        .containsEntry("SERVER_PORT", String.valueOf(ports.get(app)))
                        .containsEntry("SPRING_DATASOURCE_URL", postgres.jdbcUrl(Platform.DATABASE))
                        .containsEntry("SPRING_DATASOURCE_USERNAME", EmbeddedPostgresServer.USER)
                        .containsEntry("SPRING_DATASOURCE_PASSWORD", EmbeddedPostgresServer.PASSWORD)
                        .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers())
                        .containsEntry("PLURALIGN_TRUST_SECRET", platform.trustSecret());
            }
            Map<String, String> gateway = FakeApps.environmentOf(platform.gatewayUrl());
            assertThat(gateway)
                    .containsEntry("PLURALIGN_GATEWAY_SERVICES_PROFILE", platform.serviceUrl("profile-service"))
                    .containsEntry("PLURALIGN_GATEWAY_SERVICES_STEERING", platform.serviceUrl("steering-service"))
                    .containsEntry("PLURALIGN_GATEWAY_SERVICES_REWARD", platform.serviceUrl("reward-service"))
                    .containsEntry("PLURALIGN_GATEWAY_SERVICES_TRAINER", platform.serviceUrl("trainer-service"))
                    .containsEntry("PLURALIGN_GATEWAY_BOOTSTRAP_ADMIN_KEY", platform.bootstrapAdminKey());
            assertThat(FakeApps.environmentOf(platform.serviceUrl("profile-service")))
                    .doesNotContainKey("PLURALIGN_GATEWAY_BOOTSTRAP_ADMIN_KEY");
            assertThat(FakeApps.environmentOf(platform.serviceUrl("trainer-service")))
                    .containsEntry("PLURALIGN_PEERS_STEERING", platform.serviceUrl("steering-service"))
                    .containsEntry("PLURALIGN_PEERS_REWARD", platform.serviceUrl("reward-service"));

            assertThat(platform.gatewayUrl()).isEqualTo("http://localhost:" + ports.get(App.GATEWAY));
            assertThat(platform.consoleUrl()).isEqualTo(platform.gatewayUrl() + "/console/");
            assertThat(ApiKeys.isWellFormed(platform.bootstrapAdminKey())).isTrue();
            assertThat(platform.bootstrapAdminKeyCreated()).isTrue();
            assertOwnerOnlyFile(platform.bootstrapAdminKeyFile(), platform.bootstrapAdminKey());
            assertOwnerOnlyFile(root.resolve("var/trust-secret"), platform.trustSecret());
            assertThat(topics())
                    .containsAll(Topics.ALL.stream().map(TopicSpec::name).toList());
            try (Stream<Path> pidFiles = Files.list(root.resolve("var/pids"))) {
                assertThat(pidFiles.map(file -> file.getFileName().toString()))
                        .as("external PostgreSQL and Kafka are not the launcher's to record")
                        .containsExactlyInAnyOrder(
                                "launcher.pid",
                                "profile-service.pid",
                                "steering-service.pid",
                                "reward-service.pid",
                                "trainer-service.pid",
                                "gateway.pid");
            }
        }
        try (Stream<Path> pidFiles = Files.list(root.resolve("var/pids"))) {
            assertThat(pidFiles)
                    .as("everything stopped, nothing to reap next time")
                    .isEmpty();
        }

        pids.forEach((app, pid) -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                .as(app.moduleName() + " stopped")
                .isNotEqualTo(java.util.Optional.of(true)));
        for (App app : App.values()) {
            assertThat(root.resolve("var/logs/" + app.moduleName() + ".log"))
                    .content()
                    .as("SIGTERM gives a graceful shutdown")
                    .contains("fake " + app.moduleName() + " stopping gracefully");
        }
        assertThat(processesUnder(root)).isEmpty();
    }

    @Test
    void anAppThatExitsFailsTheStartNamingItShowingItsLogAndStoppingTheRest() {
        LaunchConfig config =
                config().optEnv("FAKE_BEHAVIOUR", "reward-service=crash").build();

        assertThatThrownBy(() -> Platform.start(config))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("reward-service exited with code 3 before it became healthy")
                .hasMessageContaining("Last 40 lines of " + root.resolve("var/logs/reward-service.log"))
                .hasMessageContaining("Fake failure: reward-service could not connect")
                .hasMessageNotContaining("log line 20\n");

        assertThat(processesUnder(root)).isEmpty();
        ports.forEach((app, port) ->
                assertThat(PortCheck.isFree(port)).as(app.moduleName()).isTrue());
    }

    @Test
    void anAppThatNeverReportsUpTimesOutWithItsName() {
        LaunchConfig config = config().optEnv("FAKE_BEHAVIOUR", "gateway=down")
                .optHealthTimeout(Duration.ofSeconds(4))
                .build();

        assertThatThrownBy(() -> Platform.start(config))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("gateway did not report UP on http://localhost:" + ports.get(App.GATEWAY)
                        + "/actuator/health within 4 s")
                .hasMessageContaining("fake gateway starting");

        assertThat(processesUnder(root)).isEmpty();
    }

    @Test
    void aTakenPortFailsBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            ports.put(App.PROFILE_SERVICE, taken.getLocalPort());
            LaunchConfig config = config().build();

            assertThatThrownBy(() -> Platform.start(config))
                    .isInstanceOf(LaunchException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " (profile-service) is already in use");
        }
        assertThat(root.resolve("var")).doesNotExist();
        assertThat(processesUnder(root)).isEmpty();
    }

    @Test
    void aMissingJarIsNamedWithTheCommandThatBuildsIt() throws Exception {
        LaunchConfig config = config().build();
        Files.delete(config.execJar(App.STEERING_SERVICE));

        assertThatThrownBy(() -> Platform.start(config))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("steering-service: " + config.execJar(App.STEERING_SERVICE))
                .hasMessageContaining("./mvnw -DskipTests package")
                .hasMessageNotContaining("gateway:");
        assertThat(root.resolve("var")).doesNotExist();
    }

    private LaunchConfig.Builder config() {
        LaunchConfig.Builder builder = LaunchConfig.builder(root)
                .optExternalDatabase(
                        postgres.jdbcUrl(Platform.DATABASE),
                        EmbeddedPostgresServer.USER,
                        EmbeddedPostgresServer.PASSWORD)
                .optExternalKafka(kafka.bootstrapServers())
                .optJvmOpts(SMALL_JVM)
                .optHealthTimeout(Duration.ofSeconds(60));
        ports.forEach(builder::optPort);
        return builder;
    }

    private List<String> topics() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            return new ArrayList<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
        }
    }

    private static void assertOwnerOnlyFile(Path file, String content) throws Exception {
        assertThat(Files.readString(file).strip()).isEqualTo(content);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    /** Live processes whose command line mentions {@code dir}: anything the launcher left behind. */
    static List<String> processesUnder(Path dir) {
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .map(process -> process.info().commandLine().orElse(""))
                .filter(command -> command.contains(dir.toString()))
                .toList();
    }
}
