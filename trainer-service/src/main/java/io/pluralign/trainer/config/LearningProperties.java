package io.pluralign.trainer.config;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How trainer-service learns ({@code pluralign.trainer.learning.*}).
 *
 * @param enabled whether the learning loop runs
 * @param prototypes K, the number of preference prototypes of a tenant's reward model; must match profile-service's
 *     {@code pluralign.profile.prototypes}
 * @param tenantPrototypes K per tenant, where it differs (profile-service's {@code tenant-prototypes})
 * @param space D, the dimension of the preference space
 * @param minFeedback usable feedback events a tenant needs before its first reward model is fitted, and new events
 *     needed before a refit
 * @param minUsers distinct users the first fit needs
 * @param refitGrowth a refit also waits until the feedback grew by this fraction since the last fit
 * @param refitCheck how often the loop looks for tenants due a refit
 * @param userHistory a user's most recent feedback events their theta is fitted on
 * @param refitHistory a tenant's most recent feedback events a refit uses
 * @param userSteps optimisation steps of a user's theta fit from scratch
 * @param userWarmSteps steps of a fit that starts from the user's previous theta under the same reward model (online
 *     updates: one more comparison moves the optimum little; 50 steps land within 0.006 of a fit from scratch in
 *     every weight, over 200 random users of 5-65 comparisons)
 * @param prototypeNorm the longest prototype steering vector's norm per layer, as a fraction of the answers' typical
 *     pooled activation norm there (steering-service's norm budget caps what a user gets in the end)
 */
@ConfigurationProperties("pluralign.trainer.learning")
public record LearningProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("4") int prototypes,
        @DefaultValue Map<String, Integer> tenantPrototypes,
        @DefaultValue("16") int space,
        @DefaultValue("100") int minFeedback,
        @DefaultValue("2") int minUsers,
        @DefaultValue("0.5") double refitGrowth,
        @DefaultValue("15s") Duration refitCheck,
        @DefaultValue("200") int userHistory,
        @DefaultValue("20000") int refitHistory,
        @DefaultValue("150") int userSteps,
        @DefaultValue("50") int userWarmSteps,
        @DefaultValue("0.1") double prototypeNorm) {

    /** K for a tenant. */
    public int prototypesOf(String tenant) {
        return tenantPrototypes.getOrDefault(tenant, prototypes);
    }
}
