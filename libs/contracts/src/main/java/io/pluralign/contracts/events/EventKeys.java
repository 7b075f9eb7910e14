package io.pluralign.contracts.events;

/** Kafka record keys: {@code tenant:user}, so one user's events stay in order on one partition. */
public final class EventKeys {
    private EventKeys() {}

    public static String of(String tenantId, String userId) {
        if (tenantId == null || tenantId.isBlank() || userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("an event key needs a tenant and a user");
        }
        if (tenantId.indexOf(':') >= 0) {
            throw new IllegalArgumentException("tenant id must not contain ':' but was " + tenantId);
        }
        return tenantId + ":" + userId;
    }
}
