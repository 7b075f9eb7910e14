package io.pluralign.contracts.events;

/**
 * Payload of {@link EventTypes#TENANT_DELETED}: an admin of the root tenant deleted the tenant. The gateway has revoked
 * its API keys and never reuses its id; every service stops taking data for it (trainer-service sends its users'
 * feedback to the dead-letter topic). Keyed by the tenant id on a compacted topic, so a service starting later still
 * learns of every deletion.
 *
 * @param tenantId the deleted tenant
 * @param deletedBy who deleted it, e.g. {@code key:3fa2c1d0e9b8}
 */
public record TenantDeleted(String tenantId, String deletedBy) {}
