package io.pluralign.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The environment variables through which the launcher configures each app: ports, database, Kafka, secrets. */
final class AppEnvironment {
    private AppEnvironment() {}

    /**
     * @param ports the resolved HTTP port of every app
     * @param extraEnv set last, so that it can override anything here
     */
    static Map<String, String> of(
            App app,
            Map<App, Integer> ports,
            String jdbcUrl,
            String jdbcUser,
            String jdbcPassword,
            String kafkaBootstrapServers,
            String trustSecret,
            String bootstrapAdminKey,
            Map<String, String> extraEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", String.valueOf(ports.get(app)));
        env.put("SPRING_DATASOURCE_URL", jdbcUrl);
        env.put("SPRING_DATASOURCE_USERNAME", jdbcUser);
        env.put("SPRING_DATASOURCE_PASSWORD", jdbcPassword);
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        env.put("PLURALIGN_TRUST_SECRET", trustSecret);
        if (app == App.GATEWAY) {
            for (App service : App.services()) {
                env.put(
                        "PLURALIGN_GATEWAY_SERVICES_" + service.gatewayRoute(),
                        "http://localhost:" + ports.get(service));
            }
            env.put("PLURALIGN_GATEWAY_BOOTSTRAP_ADMIN_KEY", bootstrapAdminKey);
        }
        for (App peer : App.services()) {
            // where services find each other (trainer-service reads activations from steering-service, ...)
            env.put("PLURALIGN_PEERS_" + peer.gatewayRoute(), "http://localhost:" + ports.get(peer));
        }
        if (app == App.STEERING_SERVICE) {
            // PyTorch's idle OpenMP threads would otherwise spin on the cores the engine's CPU decoder needs
            env.put("OMP_WAIT_POLICY", "PASSIVE");
        }
        env.putAll(extraEnv);
        return env;
    }

    /** The launcher's own settings, which must not leak into the apps (Spring would bind PLURALIGN_* to them). */
    static List<String> launcherOnly() {
        return LaunchEnvironment.NAMES;
    }
}
