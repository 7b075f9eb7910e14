package io.pluralign.steering.events;

import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.EventKeys;
import io.pluralign.contracts.events.EventTypes;
import io.pluralign.contracts.events.GenerationCompleted;
import io.pluralign.contracts.events.Topics;
import io.pluralign.outbox.OutboxStore;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Queues {@code generation.completed} in the outbox; the relay publishes it. */
@Component
public class GenerationEvents {
    static final String SOURCE = "/pluralign/steering-service";

    /** The key user of requests that name no user: their events are ordered per tenant. */
    public static final String ANONYMOUS = "~anonymous";

    private final OutboxStore outbox;
    private final JsonMapper json;

    public GenerationEvents(OutboxStore outbox, JsonMapper json) {
        this.outbox = outbox;
        this.json = json;
    }

    public void completed(GenerationCompleted generation) {
        String key = EventKeys.of(generation.tenantId(), generation.userId() == null ? ANONYMOUS : generation.userId());
        CloudEvent<GenerationCompleted> event =
                CloudEvent.of(SOURCE, EventTypes.GENERATION_COMPLETED, generation.tenantId(), key, generation);
        outbox.add(Topics.GENERATION_COMPLETED, key, json.writeValueAsString(event));
    }
}
