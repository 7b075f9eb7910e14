package io.pluralign.gateway.domain;

import static io.pluralign.gateway.domain.DomainException.Kind.CONFLICT;
import static io.pluralign.gateway.domain.DomainException.Kind.FORBIDDEN;
import static io.pluralign.gateway.domain.DomainException.Kind.NOT_FOUND;

import io.pluralign.contracts.http.Role;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The rules of the admin API. Only admin keys may use it; admins of the root tenant manage every tenant, other
 * admins only their own. Blocks on the repositories: call it off the event loop.
 */
public final class TenantAdministration {
    private static final int KEY_ID_ATTEMPTS = 5;

    private final TenantRepository tenants;
    private final ApiKeyRepository keys;
    private final TenantEvents events;
    private final Transactions transactions;
    private final ApiKeyAuthenticator authenticator;
    private final RateLimiter rateLimiter;
    private final String rootTenant;
    private final Clock clock;
    private final SecureRandom random;

    public TenantAdministration(
            TenantRepository tenants,
            ApiKeyRepository keys,
            TenantEvents events,
            Transactions transactions,
            ApiKeyAuthenticator authenticator,
            RateLimiter rateLimiter,
            String rootTenant,
            Clock clock,
            SecureRandom random) {
        this.tenants = tenants;
        this.keys = keys;
        this.events = events;
        this.transactions = transactions;
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.rootTenant = rootTenant;
        this.clock = clock;
        this.random = random;
    }

    /** A freshly issued key: the only time its full secret is known. */
    public record IssuedKey(ApiKeyToken token, ApiKey key) {}

    public Tenant createTenant(Caller caller, String id, String name) {
        requireRootAdmin(caller, "only admins of the '" + rootTenant + "' tenant may create tenants");
        Tenant tenant = new Tenant(id, name, now());
        if (!tenants.insert(tenant)) {
            throw new DomainException(
                    CONFLICT, "tenant '" + id + "' exists already or was deleted: tenant ids are never reused");
        }
        return tenant;
    }

    /**
     * Deletes a tenant (root admins only; never the root tenant): in one transaction it is marked deleted, every key
     * of it revoked, and {@code tenant.deleted} recorded for the other services. Its keys stop working on this gateway
     * at once; its id is never reused.
     */
    public void deleteTenant(Caller caller, String id) {
        requireRootAdmin(caller, "only admins of the '" + rootTenant + "' tenant may delete tenants");
        if (rootTenant.equals(id)) {
            throw new DomainException(FORBIDDEN, "the root tenant '" + rootTenant + "' cannot be deleted");
        }
        Instant at = now();
        List<String> revoked = new ArrayList<>();
        transactions.inTransaction(() -> {
            if (!tenants.markDeleted(id, at)) {
                throw new DomainException(NOT_FOUND, "tenant '" + id + "' does not exist");
            }
            revoked.addAll(keys.revokeAllOf(id, at));
            events.deleted(id, "key:" + caller.keyId());
        });
        for (String keyId : revoked) {
            authenticator.evict(keyId);
            rateLimiter.forget(keyId);
        }
    }

    /** Every tenant for root admins, the caller's own tenant for the others. */
    public List<Tenant> listTenants(Caller caller) {
        requireAdmin(caller);
        if (isRoot(caller)) {
            return tenants.findAll();
        }
        return tenants.find(caller.tenantId()).map(List::of).orElse(List.of());
    }

    /**
     * Issues a key for {@code tenantId} (the caller's tenant when null). Another tenant, or a rate of its own, needs a
     * root admin.
     */
    public IssuedKey issueKey(Caller caller, String tenantId, Role role, String name, Double requestsPerSecond) {
        String target = targetTenant(caller, tenantId);
        if (requestsPerSecond != null) {
            requireRootAdmin(caller, "only admins of the '" + rootTenant + "' tenant may set a key's rate limit");
        }
        requireTenant(target);
        for (int attempt = 0; attempt < KEY_ID_ATTEMPTS; attempt++) {
            ApiKeyToken token = ApiKeyToken.generate(random);
            ApiKey key =
                    new ApiKey(token.keyId(), target, role, name, token.secretHash(), now(), null, requestsPerSecond);
            if (keys.insert(key)) {
                // In case this id was presented (and remembered as unknown) before it existed.
                authenticator.evict(key.id());
                return new IssuedKey(token, key);
            }
        }
        throw new IllegalStateException("could not find a free API key id in " + KEY_ID_ATTEMPTS + " attempts");
    }

    /** The keys of {@code tenantId} (the caller's tenant when null), without their secrets. */
    public List<ApiKey> listKeys(Caller caller, String tenantId) {
        String target = targetTenant(caller, tenantId);
        requireTenant(target);
        return keys.findByTenant(target);
    }

    /**
     * Revokes a key of the caller's tenant (any tenant for root admins); revoking twice is harmless. The key stops
     * working on this gateway at once, and its rate-limit bucket is dropped.
     */
    public ApiKey revokeKey(Caller caller, String keyId) {
        requireAdmin(caller);
        ApiKey key = keys.find(keyId)
                .filter(found -> isRoot(caller) || found.tenantId().equals(caller.tenantId()))
                .orElseThrow(() -> new DomainException(NOT_FOUND, "API key '" + keyId + "' does not exist"));
        keys.revoke(keyId, now());
        authenticator.evict(keyId);
        rateLimiter.forget(keyId);
        return key;
    }

    private String targetTenant(Caller caller, String tenantId) {
        requireAdmin(caller);
        String target = tenantId == null ? caller.tenantId() : tenantId;
        if (!target.equals(caller.tenantId())) {
            requireRootAdmin(caller, "only admins of the '" + rootTenant + "' tenant may manage other tenants");
        }
        return target;
    }

    private void requireTenant(String tenantId) {
        if (tenants.find(tenantId).isEmpty()) {
            throw new DomainException(NOT_FOUND, "tenant '" + tenantId + "' does not exist");
        }
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            throw new DomainException(FORBIDDEN, "this endpoint needs an admin key");
        }
    }

    private void requireRootAdmin(Caller caller, String message) {
        requireAdmin(caller);
        if (!isRoot(caller)) {
            throw new DomainException(FORBIDDEN, message);
        }
    }

    private boolean isRoot(Caller caller) {
        return Objects.equals(caller.tenantId(), rootTenant);
    }

    private Instant now() {
        // PostgreSQL keeps microseconds; truncating here makes what we return equal what we store.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
