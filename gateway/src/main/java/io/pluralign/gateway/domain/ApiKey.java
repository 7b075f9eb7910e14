package io.pluralign.gateway.domain;

import io.pluralign.contracts.http.Role;
import java.time.Instant;
import java.util.Objects;

/**
 * A stored API key: everything but the secret, of which only the SHA-256 is kept.
 *
 * @param id the public key id (12 lowercase hex digits)
 * @param tenantId the tenant the key acts for
 * @param role what the key may do
 * @param name what its owner calls it
 * @param secretHash lowercase hex SHA-256 of the secret part
 * @param createdAt when it was issued
 * @param revokedAt when it was revoked, or null while it is valid
 * @param requestsPerSecond its own rate limit, or null for the gateway's default
 */
public record ApiKey(
        String id,
        String tenantId,
        Role role,
        String name,
        String secretHash,
        Instant createdAt,
        Instant revokedAt,
        Double requestsPerSecond) {
    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    /** The caller this key authenticates. */
    public Caller caller() {
        return new Caller(tenantId, role, id, requestsPerSecond);
    }
}
