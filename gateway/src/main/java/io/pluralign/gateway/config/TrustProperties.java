package io.pluralign.gateway.config;

import io.pluralign.contracts.http.GatewaySignature;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings under {@code pluralign.trust}: the secret shared with the services that signs the caller headers.
 *
 * @param secret at least {@link GatewaySignature#MIN_SECRET_BYTES} bytes; the services must be given the same value
 */
@Validated
@ConfigurationProperties("pluralign.trust")
public record TrustProperties(@NotBlank String secret) {
    public TrustProperties {
        if (secret != null && !GatewaySignature.isLongEnough(secret)) {
            throw new IllegalArgumentException("pluralign.trust.secret (PLURALIGN_TRUST_SECRET) must be at least "
                    + GatewaySignature.MIN_SECRET_BYTES + " bytes");
        }
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "TrustProperties[secret=***]";
    }
}
