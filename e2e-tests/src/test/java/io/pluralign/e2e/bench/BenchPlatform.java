package io.pluralign.e2e.bench;

import io.pluralign.infra.App;
import io.pluralign.infra.LaunchConfig;
import io.pluralign.infra.Platform;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the platform benchmarks share: the whole platform started by the launcher on free ports (with JVM options from
 * {@code -Dapp.jvm.opts} for every app and {@code -D<module>.jvm.opts} for one, e.g. {@code -Dgateway.jvm.opts} or
 * {@code -Dtrainer-service.jvm.opts}; {@code -Dkafka.jvm.opts} for the broker), a fresh tenant with an unthrottled app key, and plain HTTP.
 */
final class BenchPlatform {
    private static final HttpClient HTTP = HttpClient.newBuilder().build();

    private BenchPlatform() {}

    static Platform start() throws Exception {
        return start(Map.of());
    }

    /** The platform with more environment variables for every app (e.g. a service's settings). */
    static Platform start(Map<String, String> env) throws Exception {
        Path root = Path.of(System.getProperty("pluralign.root", ".."))
                .toAbsolutePath()
                .normalize();
        LaunchConfig.Builder config = LaunchConfig.builder(root)
                .optVarDir(root.resolve("e2e-tests/target/bench-var-" + System.currentTimeMillis()))
                .optRandomPorts()
                .optHealthTimeout(Duration.ofSeconds(300));
        env.forEach(config::optEnv);
        List<String> appOpts = words(System.getProperty("app.jvm.opts"));
        if (appOpts != null) {
            config.optJvmOpts(appOpts);
        }
        StringBuilder own = new StringBuilder();
        for (App app : App.values()) {
            List<String> opts = words(System.getProperty(app.moduleName() + ".jvm.opts"));
            if (opts != null) {
                config.optJvmOpts(app, opts);
                own.append(", ").append(app.moduleName()).append(' ').append(opts);
            }
        }
        List<String> kafkaOpts = words(System.getProperty("kafka.jvm.opts"));
        if (kafkaOpts != null) {
            config.optKafkaJvmOpts(kafkaOpts);
            own.append(", Kafka ").append(kafkaOpts);
        }
        System.out.printf("JVM options: apps %s%s%n", appOpts == null ? "launcher defaults" : appOpts, own);
        return Platform.start(config.build());
    }

    /** The whitespace-separated words of a JVM option property; null when it is not set. */
    private static List<String> words(String property) {
        if (property == null) {
            return null;
        }
        String trimmed = property.strip();
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
    }

    /** A new tenant (its id) and an app key for it that no rate limit slows down. */
    record Tenant(String id, String appKey) {}

    static Tenant newTenant(Platform platform) throws Exception {
        String tenant = "bench-" + UUID.randomUUID().toString().substring(0, 6);
        String admin = platform.bootstrapAdminKey();
        send(
                "POST",
                platform.gatewayUrl() + "/v1/admin/tenants",
                Map.of("Authorization", "Bearer " + admin),
                "{\"id\":\"" + tenant + "\",\"name\":\"bench\"}",
                201);
        String created = send(
                "POST",
                platform.gatewayUrl() + "/v1/admin/keys",
                Map.of("Authorization", "Bearer " + admin),
                "{\"tenantId\":\"" + tenant + "\",\"role\":\"app\",\"name\":\"bench\",\"requestsPerSecond\":100000}",
                201);
        return new Tenant(tenant, created.replaceAll(".*\"key\":\"([^\"]+)\".*", "$1"));
    }

    /** Sends a request (JSON body when not null) and returns the body; any other status than {@code expected} fails. */
    static String send(String method, String url, Map<String, String> headers, String body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(
                    method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
