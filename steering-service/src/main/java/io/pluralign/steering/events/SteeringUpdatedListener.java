package io.pluralign.steering.events;

import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.SteeringUpdated;
import io.pluralign.servicekit.events.EventReader;
import io.pluralign.steering.domain.PrototypeVectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes each tenant's latest PAL prototype vectors from {@code steering.updated} (every instance reads the whole
 * topic). Events for another model are ignored; malformed or out-of-bounds ones are logged and skipped.
 */
@Component
class SteeringUpdatedListener {
    private static final Logger log = LoggerFactory.getLogger(SteeringUpdatedListener.class);

    private final PrototypeVectors prototypes;
    private final EventReader<SteeringUpdated> events;

    SteeringUpdatedListener(PrototypeVectors prototypes, JsonMapper json) {
        this.prototypes = prototypes;
        this.events = EventReader.of(json, new TypeReference<CloudEvent<SteeringUpdated>>() {});
    }

    void onSteeringUpdated(ConsumerRecord<String, String> record) {
        try {
            CloudEvent<SteeringUpdated> event = events.read(record.value());
            SteeringUpdated update = event.data();
            if (!prototypes.isForServedModel(update.model())) {
                log.info("ignoring prototypes of {} for model {}", update.tenantId(), update.model());
                return;
            }
            List<SortedMap<Integer, float[]>> vectors = new ArrayList<>();
            update.prototypes().stream()
                    .sorted(Comparator.comparingInt(SteeringUpdated.Prototype::index))
                    .forEach(p -> vectors.add(p.vectors()));
            if (prototypes.update(update.tenantId(), update.rewardModelVersion(), vectors)) {
                log.info(
                        "prototypes of {} at reward model {}: {}",
                        update.tenantId(),
                        update.rewardModelVersion(),
                        vectors.size());
            }
        } catch (RuntimeException e) {
            log.warn("skipping a steering.updated record at offset {}: {}", record.offset(), e.getMessage());
        }
    }
}
