package io.pluralign.gateway.config;

import io.pluralign.contracts.http.GatewaySignature;
import io.pluralign.gateway.domain.ApiKey;
import io.pluralign.gateway.domain.ApiKeyAuthenticator;
import io.pluralign.gateway.domain.ApiKeyRepository;
import io.pluralign.gateway.domain.BootstrapAdminKey;
import io.pluralign.gateway.domain.RateLimiter;
import io.pluralign.gateway.domain.TenantAdministration;
import io.pluralign.gateway.domain.TenantEvents;
import io.pluralign.gateway.domain.TenantRepository;
import io.pluralign.gateway.domain.Transactions;
import io.pluralign.gateway.store.OutboxTenantEvents;
import io.pluralign.outbox.OutboxStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Wires the domain objects: key verification, rate limiting, administration, and the startup bootstrap. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({GatewayProperties.class, TrustProperties.class})
public class GatewayConfiguration {
    /** How long a signed caller assertion stays valid; the services allow the same skew. */
    static final Duration SIGNATURE_MAX_AGE = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(GatewayConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    GatewaySignature gatewaySignature(TrustProperties trust) {
        return new GatewaySignature(trust.secret(), SIGNATURE_MAX_AGE);
    }

    @Bean
    ApiKeyAuthenticator apiKeyAuthenticator(ApiKeyRepository keys, GatewayProperties properties) {
        return new ApiKeyAuthenticator(keys, properties.keyCacheTtl(), System::nanoTime);
    }

    @Bean
    RateLimiter rateLimiter(GatewayProperties properties) {
        GatewayProperties.RateLimit limit = properties.rateLimit();
        return new RateLimiter(limit.requestsPerSecond(), limit.burst(), System::nanoTime);
    }

    @Bean
    TenantEvents tenantEvents(OutboxStore outbox, JsonMapper json) {
        return new OutboxTenantEvents(outbox, json);
    }

    @Bean
    Transactions transactions(TransactionTemplate tx) {
        return work -> tx.executeWithoutResult(status -> work.run());
    }

    @Bean
    TenantAdministration tenantAdministration(
            TenantRepository tenants,
            ApiKeyRepository keys,
            TenantEvents events,
            Transactions transactions,
            ApiKeyAuthenticator authenticator,
            RateLimiter rateLimiter,
            GatewayProperties properties,
            Clock clock) {
        return new TenantAdministration(
                tenants,
                keys,
                events,
                transactions,
                authenticator,
                rateLimiter,
                properties.rootTenant(),
                clock,
                new SecureRandom());
    }

    /** Runs after Flyway: creates the root tenant and installs the configured bootstrap admin key. */
    @Bean
    ApplicationRunner bootstrapAdminKey(
            TenantRepository tenants, ApiKeyRepository keys, GatewayProperties properties, Clock clock) {
        return args -> {
            BootstrapAdminKey bootstrap = new BootstrapAdminKey(tenants, keys, clock);
            bootstrap.ensureRootTenant(properties.rootTenant());
            if (properties.hasBootstrapAdminKey()) {
                ApiKey key = bootstrap.install(properties.rootTenant(), properties.bootstrapAdminKey());
                if (key.isRevoked()) {
                    log.warn(
                            "bootstrap admin key {} of tenant '{}' was revoked at {} and stays revoked; configure a"
                                    + " key with a new id to get a working one",
                            key.id(),
                            properties.rootTenant(),
                            key.revokedAt());
                } else {
                    log.info("bootstrap admin key {} of tenant '{}' is active", key.id(), properties.rootTenant());
                }
            }
        };
    }
}
