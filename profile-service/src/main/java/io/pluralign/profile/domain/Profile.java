package io.pluralign.profile.domain;

import java.time.Instant;

/** A stored profile at one version. */
public record Profile(UserKey user, long version, ProfileBody body, Instant updatedAt, String updatedBy) {

    /** The strong entity tag of this version. */
    public String etag() {
        return ETags.of(version);
    }
}
