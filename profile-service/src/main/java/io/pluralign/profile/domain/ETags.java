package io.pluralign.profile.domain;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Profile versions as HTTP entity tags: version 7 is {@code "7"}. */
public final class ETags {
    private ETags() {}

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The versions a comma-separated list of entity tags names. With {@code weak} false (If-Match, RFC 9110 strong
     * comparison) weak tags {@code W/"7"} name nothing; with {@code weak} true (If-None-Match) they count. Malformed
     * tags name nothing.
     */
    public static Set<Long> versions(String header, boolean weak) {
        return Arrays.stream(header.split(","))
                .map(String::trim)
                .map(tag -> weak && tag.startsWith("W/") ? tag.substring(2) : tag)
                .map(ETags::parseVersion)
                .filter(version -> version >= 0)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static long parseVersion(String tag) {
        if (tag.length() < 3 || tag.charAt(0) != '"' || tag.charAt(tag.length() - 1) != '"') {
            return -1;
        }
        try {
            return Long.parseLong(tag.substring(1, tag.length() - 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
