package io.pluralign.gateway.domain;

/** What the gateway tells the other services about tenants. Implementations join the caller's transaction. */
public interface TenantEvents {
    /** Records that {@code tenantId} was deleted by {@code deletedBy}, to be published once the transaction commits. */
    void deleted(String tenantId, String deletedBy);
}
