package io.pluralign.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyTokenTest {

    @Test
    void parsesIdAndSecretEvenWhenTheSecretHoldsUnderscores() {
        ApiKeyToken token =
                ApiKeyToken.parse("pk_0123456789ab_abc_def-ghi_jkl_mnop").orElseThrow();

        assertThat(token.keyId()).isEqualTo("0123456789ab");
        assertThat(token.secret()).isEqualTo("abc_def-ghi_jkl_mnop");
        assertThat(token.wireForm()).isEqualTo("pk_0123456789ab_abc_def-ghi_jkl_mnop");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "0123456789ab_abcdefghijklmnop", // no prefix
                "sk_0123456789ab_abcdefghijklmnop", // wrong prefix
                "pk_0123456789AB_abcdefghijklmnop", // uppercase id
                "pk_0123456789a_abcdefghijklmnop", // 11-digit id
                "pk_0123456789abc_abcdefghijklmno", // 13-digit id
                "pk_0123456789ab-abcdefghijklmnop", // wrong separator
                "pk_0123456789ab_", // no secret
                "pk_0123456789ab_short", // secret too short
                "pk_0123456789ab_abcdefghijklmnop=", // padding is not base64url
                "pk_0123456789ab_abcdefgh ijklmnop" // space
            })
    void rejectsAnythingElse(String text) {
        assertThat(ApiKeyToken.parse(text)).isEmpty();
    }

    @Test
    void generatedKeysParseBackAndDiffer() {
        SecureRandom random = new SecureRandom();
        ApiKeyToken first = ApiKeyToken.generate(random);
        ApiKeyToken second = ApiKeyToken.generate(random);

        assertThat(ApiKeyToken.parse(first.wireForm())).contains(first);
        assertThat(first.keyId()).matches("[0-9a-f]{12}");
        assertThat(first.secret()).hasSize(43);
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void storesOnlyTheSha256OfTheSecret() {
        ApiKeyToken token = new ApiKeyToken("0123456789ab", "abcdefghijklmnop");

        // echo -n abcdefghijklmnop | sha256sum
        assertThat(token.secretHash()).isEqualTo("f39dac6cbaba535e2c207cd0cd8f154974223c848f727f98b3564cea569b41cf");
        assertThat(token.matches(token.secretHash())).isTrue();
        assertThat(token.matches(ApiKeyToken.sha256Hex("another-secret-value"))).isFalse();
        assertThat(token.matches(null)).isFalse();
    }

    @Test
    void neverPrintsTheSecret() {
        ApiKeyToken token = new ApiKeyToken("0123456789ab", "abcdefghijklmnop");

        assertThat(token.toString()).doesNotContain("abcdefghijklmnop").contains("0123456789ab");
    }
}
