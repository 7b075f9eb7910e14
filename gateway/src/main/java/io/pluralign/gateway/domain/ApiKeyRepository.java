package io.pluralign.gateway.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where API keys are kept. Implementations block: call them off the event loop. */
public interface ApiKeyRepository {
    /** Inserts a new key; false when its id is taken already. */
    boolean insert(ApiKey key);

    /**
     * Inserts the key unless its id is taken. When it is taken by a key of the same tenant, role and name, sets that
     * key's secret hash to this one's. Never changes anything else of a stored key: a revoked key stays revoked.
     */
    void insertOrUpdateSecret(ApiKey key);

    Optional<ApiKey> find(String id);

    /** The tenant's keys, revoked ones included, oldest first. */
    List<ApiKey> findByTenant(String tenantId);

    /** Marks the key revoked at {@code when} unless it is revoked already. */
    void revoke(String id, Instant when);

    /** Revokes every key of the tenant not revoked yet, at {@code when}; returns their ids. */
    List<String> revokeAllOf(String tenantId, Instant when);
}
