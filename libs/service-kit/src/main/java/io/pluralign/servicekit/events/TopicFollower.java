package io.pluralign.servicekit.events;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Reads every partition of a topic from its beginning, on every instance (no consumer group: each instance needs all
 * of it, e.g. every user's profile), and keeps following it, handing each record to a handler. It reports itself
 * caught up, in its health, once it has read to where the topic ended when it started.
 */
public class TopicFollower implements SmartLifecycle, HealthIndicator {
    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration PARTITION_CHECK = Duration.ofSeconds(30);
    private static final Duration NO_TOPIC_CHECK = Duration.ofSeconds(1);

    private final ConsumerFactory<String, String> consumers;
    private final String topic;
    private final java.util.function.Consumer<ConsumerRecord<String, String>> handler;
    private final boolean enabled;
    private final AtomicBoolean caughtUp = new AtomicBoolean();
    private volatile Consumer<String, String> consumer;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile long applied;

    public TopicFollower(
            ConsumerFactory<String, String> consumers,
            String topic,
            java.util.function.Consumer<ConsumerRecord<String, String>> handler,
            boolean enabled) {
        this.consumers = consumers;
        this.topic = topic;
        this.handler = handler;
        this.enabled = enabled;
    }

    @Override
    public void start() {
        if (!enabled) {
            return;
        }
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = consumers.createConsumer(null, "follow-" + topic, null, overrides);
        running = true;
        thread = new Thread(this::run, "follow-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Set<TopicPartition> assigned = new HashSet<>();
        Map<TopicPartition, Long> endAtStart = null;
        long nextCheck = 0;
        try {
            while (running) {
                if (System.nanoTime() >= nextCheck) {
                    Set<TopicPartition> all = partitions();
                    if (!all.equals(assigned) && !all.isEmpty()) {
                        Set<TopicPartition> added = new HashSet<>(all);
                        added.removeAll(assigned);
                        consumer.assign(all);
                        consumer.seekToBeginning(added);
                        log.info("following {} partitions of {}", all.size(), topic);
                        assigned = all;
                        if (endAtStart == null) {
                            endAtStart = consumer.endOffsets(all);
                        }
                    }
                    // until the topic exists, look again soon
                    nextCheck = System.nanoTime() + (all.isEmpty() ? NO_TOPIC_CHECK : PARTITION_CHECK).toNanos();
                }
                if (assigned.isEmpty()) {
                    caughtUp.set(true); // no topic yet, so no profiles yet
                    Thread.sleep(POLL.toMillis());
                    continue;
                }
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    handler.accept(record);
                    applied++;
                }
                if (!caughtUp.get() && endAtStart != null && reached(endAtStart)) {
                    caughtUp.set(true);
                    log.info("{} replayed: {} records", topic, applied);
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            log.error("following {} stopped; its state is stale until a restart", topic, e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private Set<TopicPartition> partitions() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        Set<TopicPartition> out = new HashSet<>();
        if (infos != null) {
            infos.forEach(p -> out.add(new TopicPartition(p.topic(), p.partition())));
        }
        return out;
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Whether every record that existed at start has been read. */
    public boolean caughtUp() {
        return caughtUp.get();
    }

    @Override
    public Health health() {
        if (!enabled) {
            return Health.up().withDetail(topic, "not followed (disabled)").build();
        }
        Health.Builder health = caughtUp.get() ? Health.up() : Health.outOfService();
        return health.withDetail("topic", topic)
                .withDetail("recordsApplied", applied)
                .build();
    }

    @Override
    public void stop() {
        running = false;
        Consumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
