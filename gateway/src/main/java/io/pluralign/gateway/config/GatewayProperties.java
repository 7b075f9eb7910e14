package io.pluralign.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings under {@code pluralign.gateway}: where the services live, the bootstrap admin key, the root tenant, rate
 * limit defaults and how long verified keys stay cached.
 *
 * @param services base URIs of the services the gateway routes to
 * @param bootstrapAdminKey an admin key of the root tenant to create or refresh at startup (optional)
 * @param rootTenant the tenant whose admins manage every tenant
 * @param rateLimit the default per-key rate limit
 * @param keyCacheTtl how long a verified key is trusted without asking the database again; also how long a
 *     revocation on another gateway instance may take to be seen here
 */
@Validated
@ConfigurationProperties("pluralign.gateway")
public record GatewayProperties(
        @Valid @DefaultValue Services services,
        String bootstrapAdminKey,
        @NotBlank @DefaultValue("platform") String rootTenant,
        @Valid @DefaultValue RateLimit rateLimit,
        @NotNull @DefaultValue("30s") Duration keyCacheTtl) {

    /** Base URIs of the downstream services, e.g. {@code http://profile-service:8081}. */
    public record Services(
            @NotNull @DefaultValue("http://localhost:8081") URI profile,
            @NotNull @DefaultValue("http://localhost:8082") URI steering,
            @NotNull @DefaultValue("http://localhost:8083") URI reward,
            @NotNull @DefaultValue("http://localhost:8084") URI trainer) {}

    /**
     * The default token bucket of every key: refilled at {@code requestsPerSecond}, holding at most {@code burst}
     * requests.
     */
    public record RateLimit(
            @Positive @DefaultValue("50") double requestsPerSecond,
            @Positive @DefaultValue("100") int burst) {}

    public boolean hasBootstrapAdminKey() {
        return bootstrapAdminKey != null && !bootstrapAdminKey.isBlank();
    }

    /** Never shows the bootstrap key. */
    @Override
    public String toString() {
        return "GatewayProperties[services=" + services + ", bootstrapAdminKey="
                + (hasBootstrapAdminKey() ? "***" : "none") + ", rootTenant=" + rootTenant + ", rateLimit="
                + rateLimit + ", keyCacheTtl=" + keyCacheTtl + "]";
    }
}
