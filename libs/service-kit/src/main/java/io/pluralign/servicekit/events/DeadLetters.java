package io.pluralign.servicekit.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Dead-letter topics: a record a consumer cannot use goes there with its original key and value and the reason in the
 * {@value #REASON_HEADER} header, so it neither blocks its partition nor disappears.
 */
public final class DeadLetters {
    public static final String REASON_HEADER = "x-pluralign-dlq-reason";
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private DeadLetters() {}

    /** Sends {@code record} to {@code topic} with {@code reason}; the caller waits for the future before committing. */
    public static CompletableFuture<?> send(
            KafkaTemplate<String, String> kafka, String topic, ConsumerRecord<String, String> record, String reason) {
        log.warn("{}-{}@{} goes to {}: {}", record.topic(), record.partition(), record.offset(), topic, reason);
        ProducerRecord<String, String> dead = new ProducerRecord<>(topic, record.key(), record.value());
        dead.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        return kafka.send(dead);
    }

    /**
     * Sends each record with its reason to {@code topic} and waits until the broker has them all. A consumer calls it
     * after committing the usable records of a batch, so that a batch retried because that commit failed does not
     * send its unusable ones twice.
     */
    public static void sendAll(
            KafkaTemplate<String, String> kafka, String topic, Map<ConsumerRecord<String, String>, String> reasons)
            throws Exception {
        List<CompletableFuture<?>> sent = new ArrayList<>(reasons.size());
        reasons.forEach((record, reason) -> sent.add(send(kafka, topic, record, reason)));
        for (CompletableFuture<?> s : sent) {
            s.get(30, TimeUnit.SECONDS);
        }
    }
}
