package io.pluralign.gateway.api;

import java.util.List;

/** Answer of {@code GET /v1/admin/tenants}. */
public record TenantList(List<TenantView> tenants) {}
