package io.pluralign.contracts.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void generatedKeysAreWellFormedWithA256BitSecretAndDiffer() {
        String key = ApiKeys.generate(random);

        Matcher parts = ApiKeys.FORMAT.matcher(key);
        assertThat(parts.matches()).isTrue();
        assertThat(parts.group(1)).matches(ApiKeys.KEY_ID);
        assertThat(parts.group(2)).hasSize(43).matches(ApiKeys.SECRET);
        assertThat(Base64.getUrlDecoder().decode(parts.group(2))).hasSize(32);
        assertThat(ApiKeys.isWellFormed(key)).isTrue();
        assertThat(ApiKeys.generate(random)).isNotEqualTo(key);
    }

    @Test
    void acceptsSecretsOf16To256Base64UrlCharacters() {
        assertThat(ApiKeys.isWellFormed("pk_0123456789ab_" + "a".repeat(16))).isTrue();
        assertThat(ApiKeys.isWellFormed("pk_0123456789ab_" + "a-_Z9".repeat(51) + "x"))
                .isTrue();

        assertThat(ApiKeys.isWellFormed("pk_0123456789ab_" + "a".repeat(15))).isFalse();
        assertThat(ApiKeys.isWellFormed("pk_0123456789ab_" + "a".repeat(257))).isFalse();
        assertThat(ApiKeys.isWellFormed("pk_0123456789AB_" + "a".repeat(43)))
                .as("uppercase id")
                .isFalse();
        assertThat(ApiKeys.isWellFormed("pk_0123456789a_" + "a".repeat(43)))
                .as("short id")
                .isFalse();
        assertThat(ApiKeys.isWellFormed("sk_0123456789ab_" + "a".repeat(43))).isFalse();
        assertThat(ApiKeys.isWellFormed("pk_0123456789ab_" + "a".repeat(42) + "="))
                .isFalse();
        assertThat(ApiKeys.isWellFormed(null)).isFalse();
    }
}
