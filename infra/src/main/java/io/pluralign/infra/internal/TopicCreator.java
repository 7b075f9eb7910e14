package io.pluralign.infra.internal;

import io.pluralign.contracts.events.TopicSpec;
import io.pluralign.infra.LaunchException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the platform's topics; topics that exist already are left as they are, so a restart is harmless. */
public final class TopicCreator {
    private static final long TIMEOUT_SECONDS = 60;

    private TopicCreator() {}

    /**
     * Creates every topic of {@code topics} that is missing, with its partition count, the cluster's default
     * replication factor, and {@code cleanup.policy=compact} where the spec says so.
     *
     * @return the names of the topics this call created
     */
    public static List<String> createMissing(String bootstrapServers, List<TopicSpec> topics) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            Map<String, org.apache.kafka.common.KafkaFuture<Void>> results = admin.createTopics(
                            topics.stream().map(TopicCreator::newTopic).toList())
                    .values();
            List<String> created = new ArrayList<>();
            for (TopicSpec topic : topics) {
                try {
                    results.get(topic.name()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    created.add(topic.name());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new LaunchException(
                                "could not create topic " + topic.name() + ": "
                                        + e.getCause().getMessage(),
                                e);
                    }
                }
            }
            return created;
        } catch (TimeoutException e) {
            throw new LaunchException(
                    "Kafka at " + bootstrapServers + " did not create the topics within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while creating topics", e);
        }
    }

    static NewTopic newTopic(TopicSpec spec) {
        NewTopic topic = new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.empty());
        if (spec.compacted()) {
            topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return topic;
    }
}
