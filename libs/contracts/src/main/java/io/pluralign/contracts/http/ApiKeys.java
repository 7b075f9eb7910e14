package io.pluralign.contracts.http;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The wire format of a Pluralign API key, {@code pk_<12 lowercase hex key id>_<base64url secret>}, shared by the
 * gateway that checks keys and the launcher that generates the first one.
 */
public final class ApiKeys {
    /** Every key starts with this. */
    public static final String PREFIX = "pk_";

    /** The public part: 48 random bits as 12 lowercase hex digits. */
    public static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{12}");

    /**
     * The private part: 16 to 256 base64url characters without padding. Generated keys have 43 (32 random bytes); an
     * operator may configure a bootstrap key with any secret in this range.
     */
    public static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{16,256}");

    /** A whole key; group 1 is the key id, group 2 the secret. */
    public static final Pattern FORMAT = Pattern.compile("pk_([0-9a-f]{12})_([A-Za-z0-9_-]{16,256})");

    /** Said to whoever gives a malformed key. */
    public static final String FORMAT_DESCRIPTION = "pk_<12 lowercase hex digits>_<16 to 256 base64url characters>";

    private static final int KEY_ID_BYTES = 6;
    private static final int SECRET_BYTES = 32;

    private ApiKeys() {}

    /** True when {@code key} is a whole key in the wire format. */
    public static boolean isWellFormed(String key) {
        return key != null && FORMAT.matcher(key).matches();
    }

    /** A new key in its wire form: a random 48-bit id and a random 256-bit secret (43 characters). */
    public static String generate(SecureRandom random) {
        byte[] id = new byte[KEY_ID_BYTES];
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(id);
        random.nextBytes(secret);
        return PREFIX + HexFormat.of().formatHex(id) + "_"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
