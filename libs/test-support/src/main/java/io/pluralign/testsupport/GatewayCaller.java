package io.pluralign.testsupport;

import io.pluralign.contracts.http.CallerAssertion;
import io.pluralign.contracts.http.GatewayHeaders;
import io.pluralign.contracts.http.GatewaySignature;
import io.pluralign.contracts.http.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs caller headers the way the gateway does, so a service test can call the service directly as a given tenant
 * and role.
 */
public final class GatewayCaller {
    /** A trust secret for tests; services under test must be configured with it. */
    public static final String TEST_SECRET = "test-trust-secret-0123456789abcdef0123456789";

    private final GatewaySignature signature;
    private final String tenantId;
    private final Role role;
    private final String keyId;

    public GatewayCaller(String secret, String tenantId, Role role, String keyId) {
        this.signature = new GatewaySignature(secret, Duration.ofMinutes(5));
        this.tenantId = tenantId;
        this.role = role;
        this.keyId = keyId;
    }

    public static GatewayCaller app(String tenantId) {
        return new GatewayCaller(TEST_SECRET, tenantId, Role.APP, "k-" + tenantId);
    }

    public static GatewayCaller admin(String tenantId) {
        return new GatewayCaller(TEST_SECRET, tenantId, Role.ADMIN, "k-admin-" + tenantId);
    }

    /** The headers the gateway would add for this method and path (without query string). */
    public Map<String, String> headers(String method, String path) {
        long now = Instant.now().getEpochSecond();
        CallerAssertion assertion = new CallerAssertion(tenantId, role, keyId, now, method, path);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(GatewayHeaders.TENANT, tenantId);
        headers.put(GatewayHeaders.ROLE, role.wire());
        headers.put(GatewayHeaders.KEY_ID, keyId);
        headers.put(GatewayHeaders.ISSUED_AT, Long.toString(now));
        headers.put(GatewayHeaders.SIGNATURE, signature.sign(assertion));
        return headers;
    }

    public String keyId() {
        return keyId;
    }
}
