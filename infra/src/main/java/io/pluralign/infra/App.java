package io.pluralign.infra;

import java.util.Arrays;
import java.util.List;

/** The processes the launcher runs from a module's runnable jar: four services and the gateway in front. */
public enum App {
    PROFILE_SERVICE("profile-service", 8081, "PROFILE"),
    STEERING_SERVICE("steering-service", 8082, "STEERING"),
    REWARD_SERVICE("reward-service", 8083, "REWARD"),
    TRAINER_SERVICE("trainer-service", 8084, "TRAINER"),
    GATEWAY("gateway", 8080, null);

    private final String moduleName;
    private final int defaultPort;
    private final String gatewayRoute;

    App(String moduleName, int defaultPort, String gatewayRoute) {
        this.moduleName = moduleName;
        this.defaultPort = defaultPort;
        this.gatewayRoute = gatewayRoute;
    }

    /** The Maven module, which is also the process name in logs and messages. */
    public String moduleName() {
        return moduleName;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** Suffix of the gateway's {@code PLURALIGN_GATEWAY_SERVICES_*} variable that points at this service. */
    String gatewayRoute() {
        return gatewayRoute;
    }

    /** The four services, which start in parallel before the gateway. */
    public static List<App> services() {
        return Arrays.stream(values()).filter(app -> app != GATEWAY).toList();
    }

    /** The app whose module is {@code name}, e.g. {@code "profile-service"}. */
    public static App byModuleName(String name) {
        return Arrays.stream(values())
                .filter(app -> app.moduleName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no app named '" + name + "'; known: "
                        + Arrays.stream(values()).map(App::moduleName).toList()));
    }
}
