package io.pluralign.gateway.api;

import io.pluralign.gateway.domain.ApiKey;
import java.time.Instant;

/** An API key as listed: never its secret. {@code revokedAt} is null while the key is valid. */
public record KeyView(
        String id,
        String tenantId,
        String role,
        String name,
        Double requestsPerSecond,
        Instant createdAt,
        Instant revokedAt) {
    static KeyView of(ApiKey key) {
        return new KeyView(
                key.id(),
                key.tenantId(),
                key.role().wire(),
                key.name(),
                key.requestsPerSecond(),
                key.createdAt(),
                key.revokedAt());
    }
}
