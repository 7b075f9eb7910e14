package io.pluralign.gateway.api;

import io.pluralign.gateway.domain.ApiKey;
import io.pluralign.gateway.domain.TenantAdministration.IssuedKey;
import java.time.Instant;

/** Answer of {@code POST /v1/admin/keys}: the only time the full {@code key} is shown. */
public record IssuedKeyView(
        String id, String key, String tenantId, String role, String name, Double requestsPerSecond, Instant createdAt) {
    static IssuedKeyView of(IssuedKey issued) {
        ApiKey key = issued.key();
        return new IssuedKeyView(
                key.id(),
                issued.token().wireForm(),
                key.tenantId(),
                key.role().wire(),
                key.name(),
                key.requestsPerSecond(),
                key.createdAt());
    }
}
