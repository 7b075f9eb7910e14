package io.pluralign.gateway.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A customer of the platform; every API key, profile and event belongs to one.
 *
 * @param id lowercase letters, digits and dashes, 2 to 63 characters, starting with a letter or digit
 * @param name a display name
 * @param createdAt when it was created
 */
public record Tenant(String id, String name, Instant createdAt) {
    /** What a tenant id looks like; also checked on the admin API. */
    public static final String ID_PATTERN = "^[a-z0-9][a-z0-9-]{1,62}$";

    private static final Pattern ID = Pattern.compile(ID_PATTERN);

    public Tenant {
        requireValidId(id);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    static void requireValidId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("tenant id '" + id + "' must match " + ID_PATTERN);
        }
    }
}
