package io.pluralign.servicekit.events;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
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
}
