package io.pluralign.gateway.domain;

import io.pluralign.contracts.http.ApiKeys;
import io.pluralign.contracts.http.Role;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Makes sure the root tenant exists and, when an operator configured one, that the bootstrap admin key is stored: the
 * first key of a fresh installation. Revoking it through the admin API is final, restarts included.
 */
public final class BootstrapAdminKey {
    /** The name the bootstrap key is stored under. */
    public static final String NAME = "bootstrap";

    private final TenantRepository tenants;
    private final ApiKeyRepository keys;
    private final Clock clock;

    public BootstrapAdminKey(TenantRepository tenants, ApiKeyRepository keys, Clock clock) {
        this.tenants = tenants;
        this.keys = keys;
        this.clock = clock;
    }

    /** Creates the root tenant if it is missing. */
    public void ensureRootTenant(String rootTenant) {
        if (tenants.find(rootTenant).isEmpty()) {
            tenants.insert(new Tenant(rootTenant, rootTenant, clock.instant().truncatedTo(ChronoUnit.MICROS)));
        }
    }

    /**
     * Stores {@code wireForm} as an admin key of the root tenant unless its key id is stored already. A stored
     * bootstrap key with that id takes the configured secret, but a revocation is never undone: once revoked, the key
     * stays revoked across restarts, and an operator configures a key with a new id instead.
     *
     * @return the key as stored now; {@link ApiKey#isRevoked()} tells whether it works
     * @throws IllegalStateException when the key id belongs to another key
     */
    public ApiKey install(String rootTenant, String wireForm) {
        ApiKeyToken token = ApiKeyToken.parse(wireForm.strip())
                .orElseThrow(() -> new IllegalArgumentException(
                        "pluralign.gateway.bootstrap-admin-key must look like " + ApiKeys.FORMAT_DESCRIPTION));
        ensureRootTenant(rootTenant);
        keys.insertOrUpdateSecret(new ApiKey(
                token.keyId(),
                rootTenant,
                Role.ADMIN,
                NAME,
                token.secretHash(),
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                null,
                null));
        ApiKey stored = keys.find(token.keyId())
                .orElseThrow(() -> new IllegalStateException("the bootstrap admin key was not stored"));
        if (!stored.tenantId().equals(rootTenant)
                || stored.role() != Role.ADMIN
                || !stored.name().equals(NAME)) {
            throw new IllegalStateException("the key id " + token.keyId() + " of the bootstrap admin key belongs to"
                    + " another API key; configure a bootstrap key with a new id");
        }
        return stored;
    }
}
