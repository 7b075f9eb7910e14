package io.pluralign.profile.events;

import io.pluralign.profile.store.OutboxStore;
import io.pluralign.profile.store.OutboxStore.OutboxRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox records to Kafka in write order and marks them published only after the broker acknowledged them
 * (at least once; consumers deduplicate on the CloudEvent id). If Kafka is down, records wait and nothing is lost.
 */
@Component
public class OutboxRelay {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;
    private static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    private final OutboxStore outbox;
    private final KafkaTemplate<String, String> kafka;
    private final TransactionTemplate tx;

    public OutboxRelay(OutboxStore outbox, KafkaTemplate<String, String> kafka, TransactionTemplate tx) {
        this.outbox = outbox;
        this.kafka = kafka;
        this.tx = tx;
    }

    @Scheduled(fixedDelayString = "${pluralign.outbox.poll-interval:100ms}")
    public void publishPending() {
        try {
            Integer published;
            do {
                published = tx.execute(status -> publishBatch());
            } while (published != null && published == BATCH);
        } catch (RuntimeException e) {
            log.warn("publishing the outbox failed, will retry: {}", e.toString());
        }
    }

    @Scheduled(fixedDelayString = "${pluralign.outbox.cleanup-interval:1h}")
    public void forgetOldPublished() {
        int removed = outbox.deletePublishedOlderThanHours(24);
        if (removed > 0) {
            log.info("removed {} published outbox records older than a day", removed);
        }
    }

    private int publishBatch() {
        if (!outbox.tryLockPublisher()) {
            return 0;
        }
        List<OutboxRecord> batch = outbox.nextUnpublished(BATCH);
        if (batch.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<SendResult<String, String>>> sends = new ArrayList<>(batch.size());
        for (OutboxRecord record : batch) {
            ProducerRecord<String, String> message = new ProducerRecord<>(record.topic(), record.key(), record.value());
            if (record.value() != null) {
                message.headers().add("content-type", CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            }
            sends.add(kafka.send(message));
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge " + batch.size() + " outbox records", e);
        }
        outbox.markPublished(batch.stream().map(OutboxRecord::id).toList());
        return batch.size();
    }
}
