package io.pluralign.contracts.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GatewaySignatureTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private final GatewaySignature signature = new GatewaySignature(SECRET, Duration.ofMinutes(5));
    private final Instant now = Instant.parse("2026-11-27T12:00:00Z");
    private final CallerAssertion assertion =
            new CallerAssertion("acme", Role.APP, "k1", now.getEpochSecond(), "GET", "/v1/users/u1/profile");

    @Test
    void verifiesWhatItSigned() {
        assertThat(signature.verify(assertion, signature.sign(assertion), now)).isTrue();
    }

    @Test
    void rejectsAChangedTenantRolePathOrMethod() {
        String signed = signature.sign(assertion);
        long t = now.getEpochSecond();
        assertThat(signature.verify(
                        new CallerAssertion("other", Role.APP, "k1", t, "GET", "/v1/users/u1/profile"), signed, now))
                .isFalse();
        assertThat(signature.verify(
                        new CallerAssertion("acme", Role.ADMIN, "k1", t, "GET", "/v1/users/u1/profile"), signed, now))
                .isFalse();
        assertThat(signature.verify(
                        new CallerAssertion("acme", Role.APP, "k1", t, "GET", "/v1/users/u2/profile"), signed, now))
                .isFalse();
        assertThat(signature.verify(
                        new CallerAssertion("acme", Role.APP, "k1", t, "DELETE", "/v1/users/u1/profile"), signed, now))
                .isFalse();
    }

    @Test
    void rejectsOtherSecretsStaleSignaturesAndGarbage() {
        String signed = signature.sign(assertion);
        GatewaySignature other = new GatewaySignature(SECRET.replace('0', 'x'), Duration.ofMinutes(5));
        assertThat(other.verify(assertion, signed, now)).isFalse();
        assertThat(signature.verify(assertion, signed, now.plus(Duration.ofMinutes(6))))
                .isFalse();
        assertThat(signature.verify(assertion, "not base64 at all!", now)).isFalse();
        assertThat(signature.verify(assertion, null, now)).isFalse();
    }

    @Test
    void refusesShortSecrets() {
        assertThatThrownBy(() -> new GatewaySignature("short", Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> new GatewaySignature("x".repeat(31), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(GatewaySignature.isLongEnough("x".repeat(GatewaySignature.MIN_SECRET_BYTES)))
                .isTrue();
        assertThat(GatewaySignature.isLongEnough("é".repeat(16)))
                .as("counted in UTF-8 bytes")
                .isTrue();
        assertThat(GatewaySignature.isLongEnough(null)).isFalse();
    }
}
