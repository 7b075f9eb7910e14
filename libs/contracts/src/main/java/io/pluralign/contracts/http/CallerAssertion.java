package io.pluralign.contracts.http;

import java.util.Objects;

/**
 * What the gateway asserts about a forwarded request: which tenant's key made it, with which role, for which
 * method and path, and when.
 */
public record CallerAssertion(
        String tenantId, Role role, String keyId, long issuedAtEpochSecond, String method, String path) {
    public CallerAssertion {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
    }

    String canonical() {
        return String.join("\n", tenantId, role.wire(), keyId, Long.toString(issuedAtEpochSecond), method, path);
    }
}
