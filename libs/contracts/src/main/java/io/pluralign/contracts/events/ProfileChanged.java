package io.pluralign.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pluralign.contracts.profile.ProfileDocument;
import java.util.Objects;

/**
 * Payload of {@link EventTypes#PROFILE_CHANGED}: the user's full profile after a change, or its erasure. On the
 * compacted topic the latest event per {@code tenant:user} is the user's current profile.
 *
 * @param tenantId tenant the user belongs to
 * @param userId the tenant's user id
 * @param version profile version after the change (versions only grow)
 * @param deleted true when the profile was deleted; {@code profile} is then null
 * @param changedBy who made the change, e.g. {@code key:k-12ab} or {@code learned}
 * @param profile the whole profile as stored, null when deleted
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProfileChanged(
        String tenantId, String userId, long version, boolean deleted, String changedBy, ProfileDocument profile) {

    public ProfileChanged {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(userId, "userId");
        if (deleted != (profile == null)) {
            throw new IllegalArgumentException("a deleted profile carries no body, a live one must");
        }
    }
}
