package io.pluralign.profile.domain;

import java.util.Map;

/**
 * What a valid profile depends on per tenant: K, the number of preference prototypes its reward model has (so the
 * length of every user's PAL weights).
 *
 * @param defaultPrototypes K for tenants not listed
 * @param tenantPrototypes K per tenant id
 */
public record ProfileRules(int defaultPrototypes, Map<String, Integer> tenantPrototypes) {

    public ProfileRules {
        tenantPrototypes = Map.copyOf(tenantPrototypes);
        if (defaultPrototypes < 1 || tenantPrototypes.values().stream().anyMatch(k -> k < 1)) {
            throw new IllegalArgumentException("every tenant needs at least one preference prototype");
        }
    }

    public int prototypes(String tenantId) {
        return tenantPrototypes.getOrDefault(tenantId, defaultPrototypes);
    }
}
