package io.pluralign.profile.domain;

import java.util.Set;

/**
 * What the client asserted about the current version: nothing, {@code If-Match: *} (it exists), one of a list of
 * versions, or {@code If-None-Match: *} (it does not exist yet).
 */
public sealed interface Precondition {
    Precondition NONE = new None();
    Precondition EXISTS = new Exists();
    Precondition ABSENT = new Absent();

    /** True when the current version (null if there is no profile) satisfies the precondition. */
    boolean holds(Long currentVersion);

    static Precondition fromHeaders(String ifMatch, String ifNoneMatch) {
        if (ifMatch != null) {
            return ifMatch.trim().equals("*") ? EXISTS : new OneOf(ETags.versions(ifMatch, false));
        }
        if (ifNoneMatch != null && ifNoneMatch.trim().equals("*")) {
            return ABSENT;
        }
        return NONE;
    }

    /** For a conditional GET: does {@code If-None-Match} name this version (weak comparison)? */
    static boolean anyTagMatches(String ifNoneMatch, long version) {
        return ifNoneMatch != null
                && (ifNoneMatch.trim().equals("*")
                        || ETags.versions(ifNoneMatch, true).contains(version));
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

    /** {@code If-Match: "3", "4"}: the current version must be one of these. */
    record OneOf(Set<Long> versions) implements Precondition {
        public boolean holds(Long current) {
            return current != null && versions.contains(current);
        }
    }
}
