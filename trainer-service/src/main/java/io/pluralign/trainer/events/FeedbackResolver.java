package io.pluralign.trainer.events;

import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.EventKeys;
import io.pluralign.contracts.events.EventTypes;
import io.pluralign.contracts.events.Topics;
import io.pluralign.trainer.store.FeedbackStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Settles feedback that names generations: once every named generation has arrived it is resolved; when one belongs
 * to another user, or has not arrived within the grace period ({@code pluralign.trainer.generation-grace}, default
 * 10 minutes: feedback may overtake its generation's event), it is rejected and sent to {@code feedback.dlq} with the
 * reason (a row stays, so a replay of the same event is not stored again).
 */
@Component
class FeedbackResolver {
    private static final Logger log = LoggerFactory.getLogger(FeedbackResolver.class);

    private final FeedbackStore store;
    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final long graceSeconds;

    FeedbackResolver(
            FeedbackStore store,
            KafkaTemplate<String, String> kafka,
            JsonMapper json,
            @Value("${pluralign.trainer.generation-grace:10m}") java.time.Duration grace) {
        this.store = store;
        this.kafka = kafka;
        this.json = json;
        this.graceSeconds = grace.toSeconds();
    }

    @Scheduled(fixedDelayString = "${pluralign.trainer.resolve-interval:1s}")
    public void settle() throws Exception {
        List<FeedbackStore.Rejected> rejected = store.settlePending(graceSeconds);
        for (FeedbackStore.Rejected r : rejected) {
            JsonNode data = json.readTree(r.payload());
            String key = EventKeys.of(r.tenantId(), r.userId());
            CloudEvent<JsonNode> event = new CloudEvent<>(
                    CloudEvent.SPEC_VERSION,
                    r.eventId(),
                    "/pluralign/trainer-service",
                    EventTypes.FEEDBACK,
                    key,
                    Instant.now(),
                    CloudEvent.JSON,
                    r.tenantId(),
                    data);
            ProducerRecord<String, String> dead =
                    new ProducerRecord<>(Topics.FEEDBACK_DLQ, key, json.writeValueAsString(event));
            dead.headers()
                    .add(
                            io.pluralign.servicekit.events.DeadLetters.REASON_HEADER,
                            r.reason().getBytes(StandardCharsets.UTF_8));
            kafka.send(dead).get(30, TimeUnit.SECONDS);
            log.warn("feedback {} rejected: {}", r.eventId(), r.reason());
        }
    }
}
