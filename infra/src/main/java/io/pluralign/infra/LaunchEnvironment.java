package io.pluralign.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Reads a {@link LaunchConfig} from {@code PLURALIGN_*} environment variables; unset ones keep their defaults. */
final class LaunchEnvironment {
    static final String HOME = "PLURALIGN_HOME";
    static final String VAR_DIR = "PLURALIGN_VAR_DIR";
    static final String POSTGRES_PORT = "PLURALIGN_POSTGRES_PORT";
    static final String KAFKA_PORT = "PLURALIGN_KAFKA_PORT";
    static final String KAFKA_CONTROLLER_PORT = "PLURALIGN_KAFKA_CONTROLLER_PORT";
    static final String JDBC_URL = "PLURALIGN_JDBC_URL";
    static final String JDBC_USER = "PLURALIGN_JDBC_USER";
    static final String JDBC_PASSWORD = "PLURALIGN_JDBC_PASSWORD";
    static final String KAFKA_BOOTSTRAP_SERVERS = "PLURALIGN_KAFKA_BOOTSTRAP_SERVERS";
    static final String HEALTH_TIMEOUT_SECONDS = "PLURALIGN_HEALTH_TIMEOUT_SECONDS";
    static final String JVM_OPTS = "PLURALIGN_JVM_OPTS";
    static final String KAFKA_JVM_OPTS = "PLURALIGN_KAFKA_JVM_OPTS";
    static final String BOOTSTRAP_ADMIN_KEY = "PLURALIGN_BOOTSTRAP_ADMIN_KEY";
    static final String TRUST_SECRET = "PLURALIGN_TRUST_SECRET";

    /** Every variable read here, per-app ones included. */
    static final List<String> NAMES = names();

    private LaunchEnvironment() {}

    /** {@code PLURALIGN_GATEWAY_PORT}, {@code PLURALIGN_PROFILE_SERVICE_PORT}, ... */
    static String portVariable(App app) {
        return "PLURALIGN_" + app.name() + "_PORT";
    }

    /** {@code PLURALIGN_STEERING_SERVICE_JVM_OPTS}, ...: replaces {@link #JVM_OPTS} for one app. */
    static String jvmOptsVariable(App app) {
        return "PLURALIGN_" + app.name() + "_JVM_OPTS";
    }

    static LaunchConfig read(Map<String, String> env, Path defaultRoot) {
        Path root = env.containsKey(HOME) ? Path.of(env.get(HOME)) : defaultRoot;
        LaunchConfig.Builder builder = LaunchConfig.builder(root);
        if (env.containsKey(VAR_DIR)) {
            builder.optVarDir(Path.of(env.get(VAR_DIR)));
        }
        builder.optPostgresPort(port(env, POSTGRES_PORT, LaunchConfig.DEFAULT_POSTGRES_PORT));
        builder.optKafkaPorts(
                port(env, KAFKA_PORT, LaunchConfig.DEFAULT_KAFKA_PORT),
                port(env, KAFKA_CONTROLLER_PORT, LaunchConfig.DEFAULT_KAFKA_CONTROLLER_PORT));
        for (App app : App.values()) {
            builder.optPort(app, port(env, portVariable(app), app.defaultPort()));
        }
        if (env.containsKey(JDBC_URL)) {
            builder.optExternalDatabase(
                    env.get(JDBC_URL), env.getOrDefault(JDBC_USER, ""), env.getOrDefault(JDBC_PASSWORD, ""));
        } else if (env.containsKey(JDBC_USER) || env.containsKey(JDBC_PASSWORD)) {
            throw new IllegalArgumentException(
                    JDBC_USER + "/" + JDBC_PASSWORD + " are set but " + JDBC_URL + " is not");
        }
        if (env.containsKey(KAFKA_BOOTSTRAP_SERVERS)) {
            builder.optExternalKafka(env.get(KAFKA_BOOTSTRAP_SERVERS));
        }
        if (env.containsKey(HEALTH_TIMEOUT_SECONDS)) {
            builder.optHealthTimeout(Duration.ofSeconds(positiveInt(env, HEALTH_TIMEOUT_SECONDS)));
        }
        if (env.containsKey(JVM_OPTS)) {
            builder.optJvmOpts(words(env.get(JVM_OPTS)));
        }
        for (App app : App.values()) {
            if (env.containsKey(jvmOptsVariable(app))) {
                builder.optJvmOpts(app, words(env.get(jvmOptsVariable(app))));
            }
        }
        if (env.containsKey(KAFKA_JVM_OPTS)) {
            builder.optKafkaJvmOpts(words(env.get(KAFKA_JVM_OPTS)));
        }
        builder.optBootstrapAdminKey(env.get(BOOTSTRAP_ADMIN_KEY));
        builder.optTrustSecret(env.get(TRUST_SECRET));
        return builder.build();
    }

    private static int port(Map<String, String> env, String name, int defaultPort) {
        String value = env.get(name);
        if (value == null) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a port number (0 for any free port), got '" + value + "'");
    }

    private static int positiveInt(Map<String, String> env, String name) {
        String value = env.get(name);
        try {
            int number = Integer.parseInt(value.trim());
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive whole number, got '" + value + "'");
    }

    private static List<String> words(String value) {
        return Arrays.stream(value.trim().split("\\s+"))
                .filter(word -> !word.isEmpty())
                .toList();
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>(List.of(
                HOME,
                VAR_DIR,
                POSTGRES_PORT,
                KAFKA_PORT,
                KAFKA_CONTROLLER_PORT,
                JDBC_URL,
                JDBC_USER,
                JDBC_PASSWORD,
                KAFKA_BOOTSTRAP_SERVERS,
                HEALTH_TIMEOUT_SECONDS,
                JVM_OPTS,
                KAFKA_JVM_OPTS,
                BOOTSTRAP_ADMIN_KEY,
                TRUST_SECRET));
        for (App app : App.values()) {
            names.add(portVariable(app));
            names.add(jvmOptsVariable(app));
        }
        return List.copyOf(names);
    }
}
