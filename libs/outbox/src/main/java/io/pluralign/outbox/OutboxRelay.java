package io.pluralign.outbox;

import io.pluralign.outbox.OutboxStore.OutboxRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox records to Kafka in write order and marks them published only after the broker acknowledged them
 * (at least once; consumers deduplicate on the CloudEvent id). It publishes as soon as a transaction that wrote
 * records commits ({@link #wake}, on a thread of its own, so the writer does not wait for the broker), and polls every
 * {@code pluralign.outbox.poll-interval} for anything else (other instances' records, retries). While Kafka is
 * unreachable records wait, nothing is lost, and the relay backs off (up to {@link #MAX_BACKOFF}) instead of holding a
 * transaction open on every poll.
 */
public class OutboxRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    private final OutboxStore outbox;
    private final KafkaTemplate<String, String> kafka;
    private final TransactionTemplate tx;
    private long backoffMillis;
    private long nextAttemptNanos = System.nanoTime();
    private final ExecutorService waker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean woken = new AtomicBoolean();

    public OutboxRelay(OutboxStore outbox, KafkaTemplate<String, String> kafka, TransactionTemplate tx) {
        this.outbox = outbox;
        this.kafka = kafka;
        this.tx = tx;
    }

    /** Publishes what is pending soon, on the relay's own thread; wake-ups that come while one waits are one. */
    public void wake() {
        if (woken.compareAndSet(false, true)) {
            try {
                waker.execute(() -> {
                    woken.set(false);
                    publishPending();
                });
            } catch (RejectedExecutionException closed) {
                woken.set(false); // stopping: the records wait for the next start
            }
        }
    }

    @Override
    public void close() {
        waker.shutdownNow();
    }

    /** Publishes everything pending; returns false when Kafka did not take it (it stays pending). */
    @Scheduled(fixedDelayString = "${pluralign.outbox.poll-interval:100ms}")
    public synchronized boolean publishPending() {
        if (System.nanoTime() < nextAttemptNanos) {
            return false;
        }
        try {
            Integer published;
            do {
                published = tx.execute(status -> publishBatch());
            } while (published != null && published == BATCH);
            backoffMillis = 0;
            return true;
        } catch (RuntimeException e) {
            backoffMillis = Math.min(MAX_BACKOFF.toMillis(), Math.max(200, backoffMillis * 2));
            nextAttemptNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMillis);
            log.warn("publishing the outbox failed, retrying in {} ms: {}", backoffMillis, e.toString());
            return false;
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
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge " + batch.size() + " outbox records", e);
        }
        outbox.markPublished(batch.stream().map(OutboxRecord::id).toList());
        return batch.size();
    }
}
