package io.pluralign.gateway.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An API key as a client presents it: {@code pk_<12 lowercase hex key id>_<base64url secret>}. Only the SHA-256 of
 * the secret is ever stored; {@link #toString()} never shows the secret.
 *
 * @param keyId the public part, the primary key of the stored key
 * @param secret the private part
 */
public record ApiKeyToken(String keyId, String secret) {
    private static final String PREFIX = "pk_";
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{12}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{16,256}");
    private static final int KEY_ID_BYTES = 6;
    private static final int SECRET_BYTES = 32;

    public ApiKeyToken {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("an API key id is 12 lowercase hex digits");
        }
        if (secret == null || !SECRET.matcher(secret).matches()) {
            throw new IllegalArgumentException("an API key secret is 16 to 256 base64url characters");
        }
    }

    /** Reads a key in its wire form; empty when it is not of the form {@code pk_<id>_<secret>}. */
    public static Optional<ApiKeyToken> parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int idEnd = PREFIX.length() + 12;
        if (text.length() <= idEnd + 1 || text.charAt(idEnd) != '_') {
            return Optional.empty();
        }
        String keyId = text.substring(PREFIX.length(), idEnd);
        String secret = text.substring(idEnd + 1);
        if (!KEY_ID.matcher(keyId).matches() || !SECRET.matcher(secret).matches()) {
            return Optional.empty();
        }
        return Optional.of(new ApiKeyToken(keyId, secret));
    }

    /** A new key with a random id (48 bits) and a random secret (256 bits). */
    public static ApiKeyToken generate(SecureRandom random) {
        byte[] id = new byte[KEY_ID_BYTES];
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(id);
        random.nextBytes(secret);
        return new ApiKeyToken(
                HexFormat.of().formatHex(id),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The full key, as shown once to whoever created it. */
    public String wireForm() {
        return PREFIX + keyId + "_" + secret;
    }

    /** Lowercase hex SHA-256 of the secret part, the form stored in {@code api_keys.secret_hash}. */
    public String secretHash() {
        return sha256Hex(secret);
    }

    static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }

    /** True when this key's secret hashes to {@code storedHash}; compares in constant time. */
    public boolean matches(String storedHash) {
        return storedHash != null
                && MessageDigest.isEqual(
                        secretHash().getBytes(StandardCharsets.US_ASCII),
                        storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return PREFIX + keyId + "_***";
    }
}
