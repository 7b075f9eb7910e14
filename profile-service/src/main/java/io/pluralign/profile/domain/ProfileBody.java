package io.pluralign.profile.domain;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * What a client writes: the user's Big Five and, optionally, how they want answers in their own words (stored as
 * given, never templated or executed).
 */
public record ProfileBody(
        @NotNull @Valid BigFive bigFive,
        @Size(max = ProfileBody.MAX_PREFERENCES) String systemPreferences) {
    public static final int MAX_PREFERENCES = 2000;
}
