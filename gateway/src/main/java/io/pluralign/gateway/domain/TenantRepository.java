package io.pluralign.gateway.domain;

import java.util.List;
import java.util.Optional;

/** Where tenants are kept. Implementations block: call them off the event loop. */
public interface TenantRepository {
    /** Inserts the tenant; false when one with the same id exists already. */
    boolean insert(Tenant tenant);

    Optional<Tenant> find(String id);

    /** All tenants, ordered by id. */
    List<Tenant> findAll();
}
