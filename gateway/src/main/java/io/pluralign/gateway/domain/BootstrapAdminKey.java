package io.pluralign.gateway.domain;

import io.pluralign.contracts.http.Role;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Makes sure the root tenant exists and, when an operator configured one, that the bootstrap admin key is valid:
 * the first key of a fresh installation, and a way back in for whoever holds the configured secret.
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
     * Stores {@code wireForm} as an admin key of the root tenant, replacing (and un-revoking) a stored key with the
     * same id. Returns the key id.
     */
    public String install(String rootTenant, String wireForm) {
        ApiKeyToken token = ApiKeyToken.parse(wireForm.strip())
                .orElseThrow(() -> new IllegalArgumentException(
                        "pluralign.gateway.bootstrap-admin-key must look like pk_<12 lowercase hex>_<base64url secret"
                                + " of at least 16 characters>"));
        ensureRootTenant(rootTenant);
        keys.upsert(new ApiKey(
                token.keyId(),
                rootTenant,
                Role.ADMIN,
                NAME,
                token.secretHash(),
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                null,
                null));
        return token.keyId();
    }
}
