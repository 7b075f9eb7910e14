package io.pluralign.infra;

import io.pluralign.contracts.events.Topics;
import io.pluralign.infra.internal.EmbeddedPostgresServer;
import io.pluralign.infra.internal.KafkaBrokerProcess;
import io.pluralign.infra.internal.ManagedProcess;
import io.pluralign.infra.internal.PidFiles;
import io.pluralign.infra.internal.PortCheck;
import io.pluralign.infra.internal.SecretFile;
import io.pluralign.infra.internal.Secrets;
import io.pluralign.infra.internal.ServiceProcess;
import io.pluralign.infra.internal.TopicCreator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole platform on this machine: PostgreSQL, a Kafka broker with the topics, the four services and the gateway,
 * each app its own process. {@link #start} returns once every app reports UP; {@link #close} stops them all, apps
 * first, then Kafka, then PostgreSQL. Each child's process id is kept in {@code var/pids}, so that a start after a
 * launcher was killed first stops what that launcher left running.
 *
 * <pre>{@code
 * try (Platform platform = Platform.start(LaunchConfig.builder(root).optRandomPorts().build())) {
 *     String gateway = platform.gatewayUrl();
 * }
 * }</pre>
 */
public final class Platform implements AutoCloseable {
    /** The database every service keeps its schema in. */
    public static final String DATABASE = "pluralign";

    private static final Logger log = LoggerFactory.getLogger(Platform.class);

    private final LaunchConfig config;
    private final Object lock = new Object();
    private final int postgresPort;
    private final int kafkaPort;
    private final int kafkaControllerPort;
    private final Map<App, Integer> ports = new EnumMap<>(App.class);
    private final PidFiles pids;

    // Guarded by lock: every started child is registered in the same step that starts it, so that close() sees it.
    private final Map<App, ServiceProcess> apps = new EnumMap<>(App.class);
    private boolean closed;
    private boolean claimedVarDir;
    private EmbeddedPostgresServer postgres;
    private KafkaBrokerProcess kafka;

    private String jdbcUrl;
    private String jdbcUser;
    private String jdbcPassword;
    private String kafkaBootstrapServers;
    private SecretFile.Secret trustSecret;
    private SecretFile.Secret adminKey;

    /** Resolves the ports (0 becomes a free port) without starting anything; see {@link #launch()}. */
    Platform(LaunchConfig config) {
        this.config = config;
        this.postgresPort = PortCheck.resolve(config.postgresPort());
        this.kafkaPort = PortCheck.resolve(config.kafkaPort());
        this.kafkaControllerPort = PortCheck.resolve(config.kafkaControllerPort());
        config.appPorts().forEach((app, port) -> ports.put(app, PortCheck.resolve(port)));
        this.pids = new PidFiles(config.varDir().resolve("pids"));
    }

    /**
     * Starts everything and waits until every app reports UP.
     *
     * @throws LaunchException naming what failed (a taken port, a missing jar, an app that exited or never became
     *     healthy, with the end of its log); whatever had started is stopped again
     */
    public static Platform start(LaunchConfig config) {
        Platform platform = new Platform(config);
        try {
            platform.launch();
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /** The steps of {@link #start}; a concurrent {@link #close} stops it after the current step. */
    void launch() {
        requireJars();
        // Before the port check: what a killed launcher left running holds the ports.
        pids.reapLeftovers(ServiceProcess.STOP_GRACE);
        PortCheck.requireFree(portClaims());
        createDirectories();
        step(() -> {
            pids.claim();
            claimedVarDir = true;
        });
        trustSecret = config.trustSecret() != null
                ? new SecretFile.Secret(config.trustSecret(), false)
                : SecretFile.readOrCreate(config.varDir().resolve("trust-secret"), Secrets::newTrustSecret);
        adminKey = config.bootstrapAdminKey() != null
                ? new SecretFile.Secret(config.bootstrapAdminKey(), false)
                : SecretFile.readOrCreate(bootstrapAdminKeyFile(), Secrets::newAdminKey);

        if (config.externalDatabase() == null) {
            long started = System.nanoTime();
            step(() -> {
                postgres = EmbeddedPostgresServer.start(
                        config.varDir().resolve("postgres"), postgresPort, logFile("postgres"));
                postgres.postmaster().ifPresent(postmaster -> pids.record("postgres", postmaster));
            });
            postgres.ensureDatabase(DATABASE);
            jdbcUrl = postgres.jdbcUrl(DATABASE);
            jdbcUser = EmbeddedPostgresServer.USER;
            jdbcPassword = EmbeddedPostgresServer.PASSWORD;
            log.info("PostgreSQL ready on port {} ({})", postgresPort, since(started));
        } else {
            jdbcUrl = config.externalDatabase().jdbcUrl();
            jdbcUser = config.externalDatabase().user();
            jdbcPassword = config.externalDatabase().password();
            log.info("Using the external database {}", jdbcUrl);
        }

        if (config.externalKafkaBootstrapServers() == null) {
            long started = System.nanoTime();
            step(() -> {
                kafka = KafkaBrokerProcess.launch(
                        config.varDir().resolve("kafka"),
                        kafkaPort,
                        kafkaControllerPort,
                        config.kafkaJvmOpts(),
                        config.projectRoot(),
                        logFile("kafka"));
                pids.record("kafka", kafka.process().handle());
            });
            kafka.awaitReady(config.healthTimeout());
            kafkaBootstrapServers = kafka.bootstrapServers();
            log.info("Kafka ready on port {} ({})", kafkaPort, since(started));
        } else {
            kafkaBootstrapServers = config.externalKafkaBootstrapServers();
            log.info("Using the external Kafka at {}", kafkaBootstrapServers);
        }
        List<String> created = TopicCreator.createMissing(kafkaBootstrapServers, Topics.ALL);
        log.info("Topics: {} created, {} existed", created.size(), Topics.ALL.size() - created.size());

        // the gateway needs no service to be up to start, so all five start together (2 cores: UP in 31-37 s)
        startAndAwait(List.of(App.values()));
        step(() -> {
            apps.values().forEach(app -> reportUnexpectedExit(app.process()));
            if (kafka != null) {
                reportUnexpectedExit(kafka.process());
            }
        });
    }

    /**
     * Kills one app at once, as a crash would (no graceful shutdown), and starts it again; returns when it is UP. For
     * tests of what a crash may lose.
     */
    public void killAndRestart(App app) {
        ServiceProcess old;
        synchronized (lock) {
            old = apps.remove(app);
        }
        if (old != null) {
            old.process().handle().destroyForcibly();
            try {
                old.process().waitFor(ServiceProcess.STOP_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchException("interrupted while killing " + app.moduleName());
            }
            pids.forget(app.moduleName());
        }
        startAndAwait(List.of(app));
        synchronized (lock) {
            reportUnexpectedExit(apps.get(app).process());
        }
    }

    private boolean isCurrent(ManagedProcess process) {
        synchronized (lock) {
            return apps.values().stream().anyMatch(app -> app.process() == process)
                    || (kafka != null && kafka.process() == process);
        }
    }

    /** A process that dies while the platform runs is named in the launcher's output, with where its log is. */
    private void reportUnexpectedExit(ManagedProcess process) {
        process.onExit().thenRun(() -> {
            if (!isClosed() && isCurrent(process)) {
                log.warn(
                        "{} exited unexpectedly with code {}; see {}",
                        process.name(),
                        process.exitValue(),
                        process.logFile());
            }
        });
    }

    private void startAndAwait(List<App> group) {
        long started = System.nanoTime();
        List<ServiceProcess> processes = new ArrayList<>();
        for (App app : group) {
            step(() -> {
                ServiceProcess process = ServiceProcess.start(
                        app.moduleName(),
                        config.execJar(app),
                        ports.get(app),
                        config.jvmOpts().get(app),
                        AppEnvironment.of(
                                app,
                                ports,
                                jdbcUrl,
                                jdbcUser,
                                jdbcPassword,
                                kafkaBootstrapServers,
                                trustSecret.value(),
                                adminKey.value(),
                                config.extraEnv()),
                        AppEnvironment.launcherOnly(),
                        config.projectRoot(),
                        logFile(app.moduleName()));
                apps.put(app, process);
                pids.record(app.moduleName(), process.process().handle());
                processes.add(process);
            });
        }
        String names = String.join(", ", group.stream().map(App::moduleName).toList());
        log.info("Started {}; waiting for /actuator/health to say UP", names);
        ServiceProcess.awaitAllUp(processes, config.healthTimeout(), this::isClosed);
        log.info("{} UP ({})", names, since(started));
    }

    /**
     * Runs one start-up step unless the platform was closed meanwhile. A step that starts a process registers it in a
     * field before it returns; {@link #close} waits for a running step, so it always finds and stops what was started.
     */
    private void step(Runnable starter) {
        synchronized (lock) {
            if (closed) {
                throw new LaunchException("startup aborted: the platform is shutting down");
            }
            starter.run();
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private void requireJars() {
        List<String> missing = new ArrayList<>();
        for (App app : App.values()) {
            if (!Files.isRegularFile(config.execJar(app))) {
                missing.add(app.moduleName() + ": " + config.execJar(app));
            }
        }
        if (!missing.isEmpty()) {
            throw new LaunchException("runnable jars are missing:\n  " + String.join("\n  ", missing)
                    + "\nBuild them with: ./mvnw -DskipTests package");
        }
    }

    private List<PortCheck.Claim> portClaims() {
        List<PortCheck.Claim> claims = new ArrayList<>();
        if (config.externalDatabase() == null) {
            claims.add(new PortCheck.Claim(postgresPort, "postgres"));
        }
        if (config.externalKafkaBootstrapServers() == null) {
            claims.add(new PortCheck.Claim(kafkaPort, "kafka"));
            claims.add(new PortCheck.Claim(kafkaControllerPort, "kafka controller"));
        }
        for (App app : App.values()) {
            claims.add(new PortCheck.Claim(ports.get(app), app.moduleName()));
        }
        return claims;
    }

    private void createDirectories() {
        try {
            Files.createDirectories(logsDir());
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + logsDir(), e);
        }
    }

    /**
     * Stops every app (SIGTERM, up to {@link ServiceProcess#STOP_GRACE} for a graceful shutdown, then a kill), then
     * Kafka, then PostgreSQL. Safe to call more than once and from a shutdown hook.
     */
    @Override
    public void close() {
        Map<App, ServiceProcess> startedApps;
        KafkaBrokerProcess startedKafka;
        EmbeddedPostgresServer startedPostgres;
        boolean release;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            startedApps = new EnumMap<>(apps);
            startedKafka = kafka;
            startedPostgres = postgres;
            release = claimedVarDir;
        }
        boolean anythingStarted = !startedApps.isEmpty() || startedKafka != null || startedPostgres != null;
        if (anythingStarted) {
            log.info("Stopping Pluralign");
        }
        stopApps(startedApps);
        if (startedKafka != null) {
            quietly("Kafka", startedKafka::close);
            pids.forget("kafka");
        }
        if (startedPostgres != null) {
            quietly("PostgreSQL", startedPostgres::close);
            pids.forget("postgres");
        }
        if (release) {
            pids.release();
        }
        if (anythingStarted) {
            log.info("Stopped");
        }
    }

    private void stopApps(Map<App, ServiceProcess> started) {
        List<ServiceProcess> running = new ArrayList<>(started.values());
        running.forEach(app -> app.process().requestStop());
        // One grace period for all: they shut down in parallel.
        long deadline = System.nanoTime() + ServiceProcess.STOP_GRACE.toNanos();
        for (ServiceProcess app : running) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!app.process().awaitStop(left)) {
                log.warn(
                        "{} did not stop within {} s and was killed",
                        app.name(),
                        ServiceProcess.STOP_GRACE.toSeconds());
            }
        }
        started.keySet().forEach(app -> pids.forget(app.moduleName()));
    }

    private static void quietly(String what, Runnable stop) {
        try {
            stop.run();
        } catch (RuntimeException e) {
            log.warn("{} did not stop cleanly: {}", what, e.getMessage());
        }
    }

    private static String since(long startNanos) {
        return String.format("%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    /** The log of one process: {@code postgres}, {@code kafka} or an app's module name. */
    public Path logFile(String name) {
        return logsDir().resolve(name + ".log");
    }

    /** The gateway's base URL, e.g. {@code http://localhost:8080}: the platform's one public entrance. */
    public String gatewayUrl() {
        return serviceUrl(App.GATEWAY.moduleName());
    }

    /** The admin console, served by the gateway. */
    public String consoleUrl() {
        return gatewayUrl() + "/console/";
    }

    /** The base URL of an app by module name ({@code "profile-service"}, ..., {@code "gateway"}). */
    public String serviceUrl(String name) {
        return "http://localhost:" + port(App.byModuleName(name));
    }

    /** The HTTP port of {@code app}, resolved if the configuration said 0. */
    public int port(App app) {
        return ports.get(app);
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String jdbcUser() {
        return jdbcUser;
    }

    public String jdbcPassword() {
        return jdbcPassword;
    }

    /** The gateway's first admin API key; with it an operator creates tenants and their keys. */
    public String bootstrapAdminKey() {
        return adminKey.value();
    }

    /** True when this start generated the bootstrap admin key, i.e. the first start with this var dir. */
    public boolean bootstrapAdminKeyCreated() {
        return adminKey.created();
    }

    /** Where a generated bootstrap admin key is kept (not used when the configuration gives a key). */
    public Path bootstrapAdminKeyFile() {
        return config.varDir().resolve("bootstrap-admin-key");
    }

    /** The secret the gateway signs caller headers with and the services verify them with. */
    public String trustSecret() {
        return trustSecret.value();
    }

    /** One {@code <name>.log} per process: postgres, kafka, each app. */
    public Path logsDir() {
        return config.logsDir();
    }

    public LaunchConfig config() {
        return config;
    }
}
