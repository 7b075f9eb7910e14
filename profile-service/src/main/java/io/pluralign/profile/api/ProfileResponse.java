package io.pluralign.profile.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.pluralign.contracts.profile.ProfileDocument;
import io.pluralign.profile.domain.Profile;
import java.time.Instant;

/** A profile as the API returns it: the document's fields next to the version's metadata. */
public record ProfileResponse(
        String userId,
        long version,
        Instant updatedAt,
        String updatedBy,
        @JsonUnwrapped ProfileDocument profile) {

    static ProfileResponse of(Profile profile) {
        return new ProfileResponse(
                profile.user().userId(), profile.version(), profile.updatedAt(), profile.updatedBy(), profile.body());
    }
}
