package io.pluralign.trainer.events;

import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.EventKeys;
import io.pluralign.contracts.events.EventTypes;
import io.pluralign.contracts.events.Topics;
import io.pluralign.servicekit.events.DeadLetters;
import io.pluralign.trainer.store.FeedbackStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Sends stored feedback that turned out unusable to {@code feedback.dlq}, as its original event with the reason. */
@Component
public class RejectedFeedback {
    private static final Logger log = LoggerFactory.getLogger(RejectedFeedback.class);

    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;

    RejectedFeedback(KafkaTemplate<String, String> kafka, JsonMapper json) {
        this.kafka = kafka;
        this.json = json;
    }

    public void deadLetter(List<FeedbackStore.Rejected> rejected) throws Exception {
        for (FeedbackStore.Rejected r : rejected) {
            JsonNode data = json.readTree(r.payload());
            String key = EventKeys.of(r.tenantId(), r.userId());
            CloudEvent<JsonNode> event = new CloudEvent<>(
                    CloudEvent.SPEC_VERSION,
                    r.eventId(),
                    LearnedEvents.SOURCE,
                    EventTypes.FEEDBACK,
                    key,
                    Instant.now(),
                    CloudEvent.JSON,
                    r.tenantId(),
                    data);
            ProducerRecord<String, String> dead =
                    new ProducerRecord<>(Topics.FEEDBACK_DLQ, key, json.writeValueAsString(event));
            dead.headers().add(DeadLetters.REASON_HEADER, r.reason().getBytes(StandardCharsets.UTF_8));
            kafka.send(dead).get(30, TimeUnit.SECONDS);
            log.warn("feedback {} rejected: {}", r.eventId(), r.reason());
        }
    }
}
