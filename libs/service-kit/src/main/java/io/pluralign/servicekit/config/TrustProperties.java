package io.pluralign.servicekit.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service trusts the gateway.
 *
 * @param secret shared with the gateway, at least 32 bytes (env {@code PLURALIGN_TRUST_SECRET})
 * @param maxAge how old a gateway signature may be
 */
@ConfigurationProperties("pluralign.trust")
public record TrustProperties(
        String secret, @DefaultValue("5m") Duration maxAge) {}
