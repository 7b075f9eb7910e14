package io.pluralign.contracts.events;

/**
 * Payload of {@link EventTypes#USER_ERASED}: the user asked to be forgotten (right to erasure). profile-service has
 * already erased their profile and history; every other service drops what it holds about the user: feedback, cached
 * steering, learned state.
 *
 * @param tenantId tenant the user belongs to
 * @param userId the tenant's user id
 * @param erasedBy who asked, e.g. {@code key:3fa2c1d0e9b8}
 */
public record UserErased(String tenantId, String userId, String erasedBy) {}
