package io.pluralign.infra.internal;

import io.pluralign.contracts.http.ApiKeys;
import java.security.SecureRandom;
import java.util.Base64;

/** Fresh random secrets in the formats the gateway expects. */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /** A new API key as the gateway issues them ({@link ApiKeys#generate}). */
    public static String newAdminKey() {
        return ApiKeys.generate(RANDOM);
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
