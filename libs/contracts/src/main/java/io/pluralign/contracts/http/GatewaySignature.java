package io.pluralign.contracts.http;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over a {@link CallerAssertion}, keyed by a secret only the gateway and the services know. A service
 * that verifies it knows the tenant header came from the gateway, for this method and path, recently.
 */
public final class GatewaySignature {
    /**
     * The shortest trust secret, in UTF-8 bytes, that signing accepts: with fewer the HMAC key would be guessable.
     * Whatever configures or generates the secret checks against this.
     */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Duration maxAge;

    public GatewaySignature(String secret, Duration maxAge) {
        if (!isLongEnough(secret)) {
            throw new IllegalArgumentException("the gateway trust secret must be at least " + MIN_SECRET_BYTES
                    + " bytes (pluralign.trust.secret)");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.maxAge = maxAge;
    }

    /** True when {@code secret} has at least {@link #MIN_SECRET_BYTES} bytes in UTF-8. */
    public static boolean isLongEnough(String secret) {
        return secret != null && secret.getBytes(StandardCharsets.UTF_8).length >= MIN_SECRET_BYTES;
    }

    public String sign(CallerAssertion assertion) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(assertion.canonical()));
    }

    /** True when {@code signature} was made by {@link #sign} for this assertion and is not older than the max age. */
    public boolean verify(CallerAssertion assertion, String signature, Instant now) {
        if (signature == null) {
            return false;
        }
        long age = now.getEpochSecond() - assertion.issuedAtEpochSecond();
        if (age > maxAge.toSeconds() || age < -maxAge.toSeconds()) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return MessageDigest.isEqual(mac(assertion.canonical()), given);
    }

    private byte[] mac(String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }
}
