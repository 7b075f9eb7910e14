package io.pluralign.trainer.events;

import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.GenerationCompleted;
import io.pluralign.contracts.events.Topics;
import io.pluralign.servicekit.events.EventReader;
import io.pluralign.trainer.store.FeedbackStore;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps every generation steering-service served ({@code generation.completed}), once per generation id, so feedback
 * that names generations can be resolved to their prompt, response and steering. An unreadable record is logged and
 * skipped (it is the producer's bug, and no feedback can name it).
 */
@Component
class GenerationListener {
    private static final Logger log = LoggerFactory.getLogger(GenerationListener.class);

    private final FeedbackStore store;
    private final JsonMapper json;
    private final EventReader<GenerationCompleted> events;

    GenerationListener(FeedbackStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
        this.events = EventReader.of(json, new TypeReference<CloudEvent<GenerationCompleted>>() {});
    }

    @KafkaListener(
            topics = Topics.GENERATION_COMPLETED,
            groupId = "trainer-service",
            batch = "true",
            autoStartup = "${pluralign.trainer.feedback.listen:true}")
    void onGenerations(List<ConsumerRecord<String, String>> records) {
        List<FeedbackStore.Generation> rows = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                CloudEvent<GenerationCompleted> event = events.read(record.value());
                GenerationCompleted g = event.data();
                rows.add(new FeedbackStore.Generation(
                        g.generationId(), g.tenantId(), g.userId(), json.writeValueAsString(g), record.timestamp()));
            } catch (RuntimeException e) {
                log.warn(
                        "skipping an unreadable generation.completed record at offset {}: {}",
                        record.offset(),
                        e.getMessage());
            }
        }
        if (!rows.isEmpty()) {
            store.storeGenerations(rows);
        }
    }
}
