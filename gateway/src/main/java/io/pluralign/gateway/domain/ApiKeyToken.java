package io.pluralign.gateway.domain;

import io.pluralign.contracts.http.ApiKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * An API key as a client presents it, in the {@link ApiKeys} format {@code pk_<12 lowercase hex key id>_<base64url
 * secret>}. Only the SHA-256 of the secret is ever stored; {@link #toString()} never shows the secret.
 *
 * @param keyId the public part, the primary key of the stored key
 * @param secret the private part
 */
public record ApiKeyToken(String keyId, String secret) {
    public ApiKeyToken {
        if (keyId == null || !ApiKeys.KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("an API key id is 12 lowercase hex digits");
        }
        if (secret == null || !ApiKeys.SECRET.matcher(secret).matches()) {
            throw new IllegalArgumentException("an API key secret is 16 to 256 base64url characters");
        }
    }

    /** Reads a key in its wire form; empty when it is not in the {@link ApiKeys#FORMAT}. */
    public static Optional<ApiKeyToken> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher parts = ApiKeys.FORMAT.matcher(text);
        if (!parts.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ApiKeyToken(parts.group(1), parts.group(2)));
    }

    /** A new key with a random id (48 bits) and a random secret (256 bits). */
    public static ApiKeyToken generate(SecureRandom random) {
        return parse(ApiKeys.generate(random)).orElseThrow();
    }

    /** The full key, as shown once to whoever created it. */
    public String wireForm() {
        return ApiKeys.PREFIX + keyId + "_" + secret;
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
        return ApiKeys.PREFIX + keyId + "_***";
    }
}
