package io.pluralign.infra;

import io.pluralign.contracts.http.ApiKeys;
import io.pluralign.contracts.http.GatewaySignature;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Platform#start} starts and where. Build one with {@link #builder(Path)}; a port of 0 means "pick a free
 * one", which is what tests want.
 *
 * @param projectRoot the checkout: {@code <projectRoot>/<module>/target/<module>-<version>-exec.jar} are run
 * @param varDir data kept across restarts: PostgreSQL, Kafka, secrets, logs
 * @param postgresPort port of the embedded PostgreSQL (unused with an external database)
 * @param kafkaPort client port of the Kafka broker (unused with an external Kafka)
 * @param kafkaControllerPort KRaft controller port of the broker
 * @param appPorts HTTP port of every app
 * @param externalDatabase a database to use instead of starting one, or null
 * @param externalKafkaBootstrapServers a Kafka cluster to use instead of starting a broker, or null
 * @param healthTimeout how long each app may take to report UP
 * @param jvmOpts JVM options of every app
 * @param kafkaJvmOpts JVM options of the Kafka broker
 * @param bootstrapAdminKey the gateway's first admin API key, or null to generate one into the var dir once
 * @param trustSecret the secret the gateway signs caller headers with, or null to generate one into the var dir once
 * @param extraEnv more environment variables for every app (e.g. a model folder)
 */
public record LaunchConfig(
        Path projectRoot,
        Path varDir,
        int postgresPort,
        int kafkaPort,
        int kafkaControllerPort,
        Map<App, Integer> appPorts,
        ExternalDatabase externalDatabase,
        String externalKafkaBootstrapServers,
        Duration healthTimeout,
        Map<App, List<String>> jvmOpts,
        List<String> kafkaJvmOpts,
        String bootstrapAdminKey,
        String trustSecret,
        Map<String, String> extraEnv) {

    /** JVM options per app: small heaps and a quick-starting JIT, so that five JVMs share two cores well. */
    public static final List<String> DEFAULT_JVM_OPTS =
            List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k");

    /**
     * steering-service hosts the model: C2 and the Vector API for the engine's CPU decoder, and a heap with room for
     * its copy of the weights (the bundled model needs little; set PLURALIGN_STEERING_SERVICE_JVM_OPTS for larger ones).
     */
    public static final List<String> STEERING_JVM_OPTS =
            List.of("-Xmx768m", "-XX:+UseSerialGC", "--add-modules", "jdk.incubator.vector");

    /**
     * trainer-service fits users and reward models all the time: C2, whose compiled fitting loops kept the 500 events/s
     * latency of the feedback benchmark at p99 4.5 s against 7.3-8.5 s with C1 (docs/benchmarks.md).
     */
    public static final List<String> TRAINER_JVM_OPTS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-Xss512k");

    public static final List<String> DEFAULT_KAFKA_JVM_OPTS =
            List.of("-Xms64m", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /** Spring Boot apps on two shared cores take a minute or more; the steering service loads a model too. */
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(150);

    public static final int DEFAULT_POSTGRES_PORT = 5433;
    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_KAFKA_CONTROLLER_PORT = 9093;

    public LaunchConfig {
        Objects.requireNonNull(projectRoot, "projectRoot");
        Objects.requireNonNull(varDir, "varDir");
        projectRoot = projectRoot.toAbsolutePath().normalize();
        varDir = varDir.toAbsolutePath().normalize();
        requirePort("postgresPort", postgresPort);
        requirePort("kafkaPort", kafkaPort);
        requirePort("kafkaControllerPort", kafkaControllerPort);
        appPorts = Collections.unmodifiableMap(new EnumMap<>(appPorts));
        for (App app : App.values()) {
            Integer port = appPorts.get(app);
            if (port == null) {
                throw new IllegalArgumentException("no port given for " + app.moduleName());
            }
            requirePort(app.moduleName() + " port", port);
        }
        if (externalKafkaBootstrapServers != null && externalKafkaBootstrapServers.isBlank()) {
            throw new IllegalArgumentException("the external Kafka bootstrap servers must not be blank");
        }
        Objects.requireNonNull(healthTimeout, "healthTimeout");
        if (healthTimeout.isNegative() || healthTimeout.isZero()) {
            throw new IllegalArgumentException("the health timeout must be positive, got " + healthTimeout);
        }
        jvmOpts = Collections.unmodifiableMap(new EnumMap<>(jvmOpts));
        for (App app : App.values()) {
            if (!jvmOpts.containsKey(app)) {
                throw new IllegalArgumentException("no JVM options given for " + app.moduleName());
            }
        }
        kafkaJvmOpts = List.copyOf(kafkaJvmOpts);
        // The gateway and the services check the same rules; failing here names the setting before anything starts.
        if (bootstrapAdminKey != null && !ApiKeys.isWellFormed(bootstrapAdminKey)) {
            throw new IllegalArgumentException("the bootstrap admin key must look like " + ApiKeys.FORMAT_DESCRIPTION);
        }
        if (trustSecret != null && !GatewaySignature.isLongEnough(trustSecret)) {
            throw new IllegalArgumentException(
                    "the trust secret must be at least " + GatewaySignature.MIN_SECRET_BYTES + " bytes long");
        }
        extraEnv = Collections.unmodifiableMap(new LinkedHashMap<>(extraEnv));
    }

    /** The defaults for {@code projectRoot}: data in {@code <projectRoot>/var}, the usual ports. */
    public static Builder builder(Path projectRoot) {
        return new Builder(projectRoot);
    }

    public Path logsDir() {
        return varDir.resolve("logs");
    }

    /** The runnable jar of {@code app} that {@code ./mvnw -DskipTests package} builds. */
    public Path execJar(App app) {
        String module = app.moduleName();
        return projectRoot.resolve(module).resolve("target").resolve(module + "-" + BuildInfo.version() + "-exec.jar");
    }

    /** Like the record's, but without the secrets. */
    @Override
    public String toString() {
        return "LaunchConfig[projectRoot=" + projectRoot + ", varDir=" + varDir + ", postgresPort=" + postgresPort
                + ", kafkaPort=" + kafkaPort + ", kafkaControllerPort=" + kafkaControllerPort + ", appPorts="
                + appPorts + ", externalDatabase=" + externalDatabase + ", externalKafkaBootstrapServers="
                + externalKafkaBootstrapServers + ", healthTimeout=" + healthTimeout + ", jvmOpts=" + jvmOpts
                + ", kafkaJvmOpts=" + kafkaJvmOpts + ", bootstrapAdminKey=" + (bootstrapAdminKey == null ? null : "***")
                + ", trustSecret=" + (trustSecret == null ? null : "***") + ", extraEnv=" + extraEnv.keySet() + "]";
    }

    private static void requirePort(String what, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(what + " must be 0 (any free port) or 1-65535, got " + port);
        }
    }

    /** A PostgreSQL database the platform uses instead of starting one; it must exist already. */
    public record ExternalDatabase(String jdbcUrl, String user, String password) {
        public ExternalDatabase {
            if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("the JDBC URL must start with jdbc:postgresql:, got " + jdbcUrl);
            }
            Objects.requireNonNull(user, "the database user");
            Objects.requireNonNull(password, "the database password");
        }

        @Override
        public String toString() {
            return "ExternalDatabase[" + jdbcUrl + ", user " + user + "]";
        }
    }

    /** Builder with {@code opt*} methods for everything that has a default. */
    public static final class Builder {
        private final Path projectRoot;
        private Path varDir;
        private int postgresPort = DEFAULT_POSTGRES_PORT;
        private int kafkaPort = DEFAULT_KAFKA_PORT;
        private int kafkaControllerPort = DEFAULT_KAFKA_CONTROLLER_PORT;
        private final Map<App, Integer> appPorts = new EnumMap<>(App.class);
        private ExternalDatabase externalDatabase;
        private String externalKafkaBootstrapServers;
        private Duration healthTimeout = DEFAULT_HEALTH_TIMEOUT;
        private final Map<App, List<String>> jvmOpts = new EnumMap<>(App.class);
        private List<String> kafkaJvmOpts = DEFAULT_KAFKA_JVM_OPTS;
        private String bootstrapAdminKey;
        private String trustSecret;
        private final Map<String, String> extraEnv = new LinkedHashMap<>();

        private Builder(Path projectRoot) {
            this.projectRoot = Objects.requireNonNull(projectRoot, "projectRoot");
            this.varDir = projectRoot.resolve("var");
            for (App app : App.values()) {
                appPorts.put(app, app.defaultPort());
                jvmOpts.put(app, defaultJvmOpts(app));
            }
        }

        private static List<String> defaultJvmOpts(App app) {
            return switch (app) {
                case STEERING_SERVICE -> STEERING_JVM_OPTS;
                case TRAINER_SERVICE -> TRAINER_JVM_OPTS;
                default -> DEFAULT_JVM_OPTS;
            };
        }

        public Builder optVarDir(Path varDir) {
            this.varDir = varDir;
            return this;
        }

        public Builder optPostgresPort(int port) {
            this.postgresPort = port;
            return this;
        }

        public Builder optKafkaPorts(int brokerPort, int controllerPort) {
            this.kafkaPort = brokerPort;
            this.kafkaControllerPort = controllerPort;
            return this;
        }

        public Builder optPort(App app, int port) {
            appPorts.put(app, port);
            return this;
        }

        /** Every port 0: each start picks free ones, so that it never collides with a running platform. */
        public Builder optRandomPorts() {
            postgresPort = 0;
            kafkaPort = 0;
            kafkaControllerPort = 0;
            appPorts.replaceAll((app, port) -> 0);
            return this;
        }

        public Builder optExternalDatabase(String jdbcUrl, String user, String password) {
            this.externalDatabase = new ExternalDatabase(jdbcUrl, user, password);
            return this;
        }

        public Builder optExternalKafka(String bootstrapServers) {
            this.externalKafkaBootstrapServers = bootstrapServers;
            return this;
        }

        public Builder optHealthTimeout(Duration timeout) {
            this.healthTimeout = timeout;
            return this;
        }

        /** JVM options of every app. */
        public Builder optJvmOpts(List<String> opts) {
            jvmOpts.replaceAll((app, old) -> List.copyOf(opts));
            return this;
        }

        public Builder optJvmOpts(App app, List<String> opts) {
            jvmOpts.put(app, List.copyOf(opts));
            return this;
        }

        public Builder optKafkaJvmOpts(List<String> opts) {
            this.kafkaJvmOpts = opts;
            return this;
        }

        public Builder optBootstrapAdminKey(String key) {
            this.bootstrapAdminKey = key;
            return this;
        }

        public Builder optTrustSecret(String secret) {
            this.trustSecret = secret;
            return this;
        }

        /** An environment variable for every app, on top of the ones the launcher sets. */
        public Builder optEnv(String name, String value) {
            extraEnv.put(name, value);
            return this;
        }

        public LaunchConfig build() {
            return new LaunchConfig(
                    projectRoot,
                    varDir,
                    postgresPort,
                    kafkaPort,
                    kafkaControllerPort,
                    appPorts,
                    externalDatabase,
                    externalKafkaBootstrapServers,
                    healthTimeout,
                    jvmOpts,
                    new ArrayList<>(kafkaJvmOpts),
                    bootstrapAdminKey,
                    trustSecret,
                    extraEnv);
        }
    }
}
