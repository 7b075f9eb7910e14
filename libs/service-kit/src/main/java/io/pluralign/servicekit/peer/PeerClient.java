package io.pluralign.servicekit.peer;

import io.pluralign.contracts.http.CallerAssertion;
import io.pluralign.contracts.http.GatewayHeaders;
import io.pluralign.contracts.http.GatewaySignature;
import io.pluralign.contracts.http.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Blocking JSON calls to another Pluralign service on behalf of a tenant, signed with the gateway's shared secret as an
 * admin caller whose key id names this service ({@code service:trainer-service}), so the callee's ordinary checks
 * apply. For background work; a reactive caller wraps a call in its blocking scheduler.
 */
public final class PeerClient {
    private final GatewaySignature signature;
    private final String keyId;
    private final JsonMapper json;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;

    public PeerClient(GatewaySignature signature, String serviceName, JsonMapper json, Duration timeout, Clock clock) {
        this.signature = signature;
        this.keyId = "service:" + serviceName;
        this.json = json;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * POSTs {@code body} as JSON to {@code path} of the service at {@code base} and returns the JSON answer.
     *
     * @throws PeerCallException when the service is unreachable or answers with a status of 300 or more
     */
    public JsonNode post(URI base, String path, String tenant, Object body) {
        HttpRequest.Builder request = signed(base, path, tenant, "POST")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        return send(request.build());
    }

    /** GETs {@code path} of the service at {@code base}. */
    public JsonNode get(URI base, String path, String tenant) {
        return send(signed(base, path, tenant, "GET").GET().build());
    }

    private HttpRequest.Builder signed(URI base, String path, String tenant, String method) {
        long now = clock.instant().getEpochSecond();
        String rawPath = URI.create(path).getRawPath();
        String signed = signature.sign(new CallerAssertion(tenant, Role.ADMIN, keyId, now, method, rawPath));
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header(GatewayHeaders.TENANT, tenant)
                .header(GatewayHeaders.ROLE, Role.ADMIN.wire())
                .header(GatewayHeaders.KEY_ID, keyId)
                .header(GatewayHeaders.ISSUED_AT, Long.toString(now))
                .header(GatewayHeaders.SIGNATURE, signed);
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new PeerCallException(0, request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerCallException(0, request.method() + " " + request.uri() + " was interrupted", e);
        }
        if (response.statusCode() >= 300) {
            String detail = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
            throw new PeerCallException(
                    response.statusCode(),
                    request.method() + " " + request.uri() + " answered " + response.statusCode() + ": "
                            + (detail.length() > 500 ? detail.substring(0, 500) : detail),
                    null);
        }
        return json.readTree(response.body());
    }
}
