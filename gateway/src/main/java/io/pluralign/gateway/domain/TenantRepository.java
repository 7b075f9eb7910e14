package io.pluralign.gateway.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where tenants are kept. Implementations block: call them off the event loop. */
public interface TenantRepository {
    /** Inserts the tenant; false when one with the same id exists already. */
    boolean insert(Tenant tenant);

    /** The tenant unless it does not exist or was deleted. */
    Optional<Tenant> find(String id);

    /** All tenants not deleted, ordered by id. */
    List<Tenant> findAll();

    /** Marks the tenant deleted at {@code when}; false when it does not exist or was deleted already. */
    boolean markDeleted(String id, Instant when);
}
