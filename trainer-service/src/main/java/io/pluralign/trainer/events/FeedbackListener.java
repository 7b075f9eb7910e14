package io.pluralign.trainer.events;

import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.EventKeys;
import io.pluralign.contracts.events.EventTypes;
import io.pluralign.contracts.events.Feedback;
import io.pluralign.contracts.events.Topics;
import io.pluralign.servicekit.events.DeadLetters;
import io.pluralign.servicekit.events.EventReader;
import io.pluralign.trainer.domain.LearningLoop;
import io.pluralign.trainer.domain.LearningMetrics;
import io.pluralign.trainer.store.FeedbackStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes {@code feedback} in the service's consumer group, a batch of records at a time: usable events are stored
 * in one transaction (once per event id) before the listener returns, so offsets are committed only after the events
 * are durable; unusable ones (malformed, of a deleted tenant, of a user who opted out) go to {@code feedback.dlq} with
 * the reason and never block the partition. A failure of
 * the database or broker is thrown, and the container retries the batch with back-off: nothing is skipped for being
 * transient, and a retried batch stores nothing twice.
 */
@Component
class FeedbackListener {
    private static final Logger log = LoggerFactory.getLogger(FeedbackListener.class);
    private static final Duration FOLLOWERS_WAIT = Duration.ofSeconds(10);

    private final FeedbackStore store;
    private final KafkaTemplate<String, String> kafka;
    /** Built once: a reader and writer of one type skip the per-call type resolution and serializer lookup. */
    private final EventReader<Feedback> events;

    private final ObjectWriter payloads;
    private final FollowedProfiles profiles;
    private final DeletedTenants tenants;
    private final LearningLoop learning;
    private final LearningMetrics metrics;

    FeedbackListener(
            FeedbackStore store,
            KafkaTemplate<String, String> kafka,
            JsonMapper json,
            FollowedProfiles profiles,
            DeletedTenants tenants,
            LearningLoop learning,
            LearningMetrics metrics) {
        this.store = store;
        this.kafka = kafka;
        this.events = EventReader.of(json, new TypeReference<CloudEvent<Feedback>>() {});
        this.payloads = json.writerFor(Feedback.class);
        this.profiles = profiles;
        this.tenants = tenants;
        this.learning = learning;
        this.metrics = metrics;
    }

    @KafkaListener(
            topics = Topics.FEEDBACK,
            groupId = "trainer-service",
            batch = "true",
            concurrency = "${pluralign.trainer.feedback.consumers:2}",
            autoStartup = "${pluralign.trainer.feedback.listen:true}")
    void onFeedback(List<ConsumerRecord<String, String>> records) throws Exception {
        awaitFollowersCaughtUp();
        LearningMetrics.Laps laps = metrics.start();
        List<FeedbackStore.Stored> usable = new ArrayList<>();
        Map<ConsumerRecord<String, String>, String> unusable = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        for (ConsumerRecord<String, String> record : records) {
            metrics.polled(now - record.timestamp());
            try {
                usable.add(parse(record));
            } catch (Unusable e) {
                unusable.put(record, e.getMessage());
            }
        }
        laps.lap(LearningMetrics.Phase.PARSE);
        int stored = store.storeAll(usable);
        laps.lap(LearningMetrics.Phase.STORE);
        metrics.stored(stored);
        if (stored > 0) {
            learning.wake();
        }
        DeadLetters.sendAll(kafka, Topics.FEEDBACK_DLQ, unusable);
        log.debug(
                "feedback batch of {}: {} new, {} already stored, {} dead-lettered",
                records.size(),
                stored,
                usable.size() - stored,
                unusable.size());
    }

    /**
     * Opt-outs and deleted tenants decide where an event goes, so none is judged before both compacted topics have
     * been read to their end (right after a start). Past {@link #FOLLOWERS_WAIT} the batch fails and is retried.
     */
    private void awaitFollowersCaughtUp() throws InterruptedException {
        long deadline = System.nanoTime() + FOLLOWERS_WAIT.toNanos();
        while (!(profiles.caughtUp() && tenants.caughtUp())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("profiles and tenant deletions are not read to the end yet");
            }
            Thread.sleep(50);
        }
    }

    /** An event that cannot be used as it is. */
    private static final class Unusable extends Exception {
        Unusable(String reason) {
            super(reason);
        }
    }

    private FeedbackStore.Stored parse(ConsumerRecord<String, String> record) throws Unusable {
        if (record.value() == null) {
            throw new Unusable("empty record");
        }
        CloudEvent<Feedback> event;
        try {
            event = events.read(record.value());
        } catch (RuntimeException e) {
            throw new Unusable("not a CloudEvent with a feedback payload: " + e.getMessage());
        }
        if (!EventTypes.FEEDBACK.equals(event.type()) || event.data() == null) {
            throw new Unusable("expected type " + EventTypes.FEEDBACK + " with data, got " + event.type());
        }
        Feedback feedback = event.data();
        List<String[]> problems = feedback.problems();
        if (!problems.isEmpty()) {
            StringBuilder reason = new StringBuilder("invalid feedback:");
            problems.forEach(p ->
                    reason.append(' ').append(p[0]).append(' ').append(p[1]).append(';'));
            throw new Unusable(reason.toString());
        }
        if (!EventKeys.of(feedback.tenantId(), feedback.userId()).equals(record.key())) {
            throw new Unusable("the record key " + record.key() + " is not the payload's tenant:user");
        }
        if (tenants.isDeleted(feedback.tenantId())) {
            throw new Unusable("the tenant " + feedback.tenantId() + " was deleted");
        }
        if (profiles.isOptedOut(record.key())) {
            throw new Unusable("the user opted out of learning from their feedback");
        }
        List<String> generationIds = new ArrayList<>();
        for (Feedback.Answer a : java.util.Arrays.asList(feedback.chosen(), feedback.rejected(), feedback.response())) {
            if (a != null && a.generationId() != null && !a.generationId().isBlank()) {
                generationIds.add(a.generationId());
            }
        }
        return new FeedbackStore.Stored(
                event.id(),
                feedback.tenantId(),
                feedback.userId(),
                feedback.kind(),
                payloads.writeValueAsString(feedback),
                generationIds,
                record.timestamp());
    }
}
