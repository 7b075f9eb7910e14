package io.pluralign.gateway.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where API keys are kept. Implementations block: call them off the event loop. */
public interface ApiKeyRepository {
    /** Inserts a new key; false when its id is taken already. */
    boolean insert(ApiKey key);

    /** Inserts the key, or replaces the stored key with the same id and makes it valid again. */
    void upsert(ApiKey key);

    Optional<ApiKey> find(String id);

    /** The tenant's keys, revoked ones included, oldest first. */
    List<ApiKey> findByTenant(String tenantId);

    /** Marks the key revoked at {@code when} unless it is revoked already. */
    void revoke(String id, Instant when);
}
