package io.pluralign.gateway.api;

import io.pluralign.gateway.domain.Tenant;
import java.time.Instant;

/** A tenant as the admin API shows it. */
public record TenantView(String id, String name, Instant createdAt) {
    static TenantView of(Tenant tenant) {
        return new TenantView(tenant.id(), tenant.name(), tenant.createdAt());
    }
}
