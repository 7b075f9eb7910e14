package io.pluralign.profile.domain;

import java.util.regex.Pattern;

/** A user of a tenant; user ids are the tenant's own, validated so they are safe in keys, URLs and logs. */
public record UserKey(String tenantId, String userId) {
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@:-]{1,128}");

    public UserKey {
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            throw new IllegalArgumentException(
                    "userId must be 1-128 characters of letters, digits and . _ @ : - but was '" + userId + "'");
        }
    }
}
