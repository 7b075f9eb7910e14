package io.pluralign.infra.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Fresh random secrets in the formats the gateway expects. */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /** {@code pk_<12 hex key id>_<43 base64url chars of 32 random bytes>}. */
    public static String newAdminKey() {
        return "pk_" + HexFormat.of().formatHex(randomBytes(6)) + "_" + base64Url(randomBytes(32));
    }

    /** 32 random bytes, base64url: 43 characters, so at least 32 bytes as the HMAC key. */
    public static String newTrustSecret() {
        return base64Url(randomBytes(32));
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
