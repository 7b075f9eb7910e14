package io.pluralign.gateway.store;

import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.EventTypes;
import io.pluralign.contracts.events.TenantDeleted;
import io.pluralign.contracts.events.Topics;
import io.pluralign.gateway.domain.TenantEvents;
import io.pluralign.outbox.OutboxStore;
import tools.jackson.databind.json.JsonMapper;

/** Tenant events as CloudEvents in the gateway's outbox, keyed by the tenant id. */
public class OutboxTenantEvents implements TenantEvents {
    static final String SOURCE = "/pluralign/gateway";

    private final OutboxStore outbox;
    private final JsonMapper json;

    public OutboxTenantEvents(OutboxStore outbox, JsonMapper json) {
        this.outbox = outbox;
        this.json = json;
    }

    @Override
    public void deleted(String tenantId, String deletedBy) {
        CloudEvent<TenantDeleted> event = CloudEvent.of(
                SOURCE, EventTypes.TENANT_DELETED, tenantId, tenantId, new TenantDeleted(tenantId, deletedBy));
        outbox.add(Topics.TENANT_DELETED, tenantId, json.writeValueAsString(event));
    }
}
