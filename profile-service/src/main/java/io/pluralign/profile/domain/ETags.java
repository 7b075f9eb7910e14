package io.pluralign.profile.domain;

/** Profile versions as HTTP entity tags: version 7 is {@code "7"}. */
public final class ETags {
    private ETags() {}

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The version an {@code If-Match} header names, or -1 when it names none that can match (a weak or malformed tag
     * never matches a strong comparison).
     */
    public static long parseVersion(String ifMatch) {
        String tag = ifMatch.trim();
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
