package io.pluralign.gateway.config;

import jakarta.validation.constraints.NotBlank;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings under {@code pluralign.trust}: the secret shared with the services that signs the caller headers.
 *
 * @param secret at least 32 bytes; the services must be given the same value
 */
@Validated
@ConfigurationProperties("pluralign.trust")
public record TrustProperties(@NotBlank String secret) {
    static final int MIN_SECRET_BYTES = 32;

    public TrustProperties {
        if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "pluralign.trust.secret (PLURALIGN_TRUST_SECRET) must be at least " + MIN_SECRET_BYTES + " bytes");
        }
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "TrustProperties[secret=***]";
    }
}
