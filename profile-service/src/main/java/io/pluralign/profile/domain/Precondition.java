package io.pluralign.profile.domain;

/**
 * What the client asserted about the current version: nothing, {@code If-Match: *} (it exists), a specific version,
 * or {@code If-None-Match: *} (it does not exist yet).
 */
public sealed interface Precondition {
    Precondition NONE = new None();
    Precondition EXISTS = new Exists();
    Precondition ABSENT = new Absent();

    /** True when the current version (null if absent) satisfies the precondition. */
    boolean holds(Long currentVersion);

    static Precondition fromHeaders(String ifMatch, String ifNoneMatch) {
        if (ifMatch != null) {
            return ifMatch.trim().equals("*") ? EXISTS : new Version(ETags.parseVersion(ifMatch));
        }
        if (ifNoneMatch != null && ifNoneMatch.trim().equals("*")) {
            return ABSENT;
        }
        return NONE;
    }

    /** No condition: last write wins. */
    record None() implements Precondition {
        public boolean holds(Long current) {
            return true;
        }
    }

    /** {@code If-Match: *}. */
    record Exists() implements Precondition {
        public boolean holds(Long current) {
            return current != null;
        }
    }

    /** {@code If-None-Match: *}. */
    record Absent() implements Precondition {
        public boolean holds(Long current) {
            return current == null;
        }
    }

    /** {@code If-Match: "N"}. */
    record Version(long version) implements Precondition {
        public boolean holds(Long current) {
            return current != null && current == version;
        }
    }
}
