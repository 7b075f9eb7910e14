package io.pluralign.profile.domain;

import io.pluralign.contracts.profile.ProfileDocument;
import java.time.Instant;

/** A stored profile at one version. */
public record Profile(UserKey user, long version, ProfileDocument body, Instant updatedAt, String updatedBy) {

    /** The strong entity tag of this version. */
    public String etag() {
        return ETags.of(version);
    }
}
