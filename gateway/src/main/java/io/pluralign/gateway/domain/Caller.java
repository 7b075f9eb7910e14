package io.pluralign.gateway.domain;

import io.pluralign.contracts.http.Role;
import java.util.Objects;

/**
 * Who made a request, as established from a verified API key.
 *
 * @param tenantId the tenant the key belongs to
 * @param role what the key may do
 * @param keyId the key's public id
 * @param requestsPerSecond this key's own rate limit, or null for the default
 */
public record Caller(String tenantId, Role role, String keyId, Double requestsPerSecond) {
    public Caller {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(keyId, "keyId");
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
