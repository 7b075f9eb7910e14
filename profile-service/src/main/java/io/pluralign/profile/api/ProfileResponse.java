package io.pluralign.profile.api;

import io.pluralign.profile.domain.BigFive;
import io.pluralign.profile.domain.Profile;
import java.time.Instant;

/** A profile as the API returns it. */
public record ProfileResponse(
        String userId, long version, BigFive bigFive, String systemPreferences, Instant updatedAt, String updatedBy) {

    static ProfileResponse of(Profile profile) {
        return new ProfileResponse(
                profile.user().userId(),
                profile.version(),
                profile.body().bigFive(),
                profile.body().systemPreferences(),
                profile.updatedAt(),
                profile.updatedBy());
    }
}
