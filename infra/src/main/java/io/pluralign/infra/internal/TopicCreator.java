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
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the platform's topics; topics that exist already are left as they are, so a restart is harmless. An existing
 * topic that the contracts say is compacted must really be compacted (on an external Kafka someone may have created
 * it by hand, or the broker's auto-creation may have): otherwise the start fails, as the profile states it holds would
 * silently expire.
 */
public final class TopicCreator {
    private static final long TIMEOUT_SECONDS = 60;

    private TopicCreator() {}

    /**
     * Creates every topic of {@code topics} that is missing, with its partition count, the cluster's default
     * replication factor, and {@code cleanup.policy=compact} where the spec says so; then checks the cleanup policy
     * of the compacted ones that existed.
     *
     * @return the names of the topics this call created
     * @throws LaunchException when a topic cannot be created, or an existing one should be compacted but is not
     */
    public static List<String> createMissing(String bootstrapServers, List<TopicSpec> topics) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(
                            topics.stream().map(TopicCreator::newTopic).toList())
                    .values();
            List<String> created = new ArrayList<>();
            List<TopicSpec> existing = new ArrayList<>();
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
                    existing.add(topic);
                }
            }
            requireCompacted(
                    admin, existing.stream().filter(TopicSpec::compacted).toList());
            return created;
        } catch (TimeoutException e) {
            throw new LaunchException(
                    "Kafka at " + bootstrapServers + " did not create the topics within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while creating topics", e);
        }
    }

    private static void requireCompacted(Admin admin, List<TopicSpec> compacted)
            throws InterruptedException, TimeoutException {
        if (compacted.isEmpty()) {
            return;
        }
        List<ConfigResource> resources = compacted.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
                .toList();
        Map<ConfigResource, Config> configs;
        try {
            configs = admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new LaunchException(
                    "could not read the configuration of the existing topics: "
                            + e.getCause().getMessage(),
                    e);
        }
        List<String> wrong = new ArrayList<>();
        for (ConfigResource resource : resources) {
            ConfigEntry policy = configs.get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG);
            String value = policy == null ? null : policy.value();
            if (!TopicConfig.CLEANUP_POLICY_COMPACT.equals(value)) {
                wrong.add(resource.name() + " (cleanup.policy=" + value + ")");
            }
        }
        if (!wrong.isEmpty()) {
            throw new LaunchException("these existing topics must be compacted but are not: " + String.join(", ", wrong)
                    + ". Set cleanup.policy=compact on them, e.g. kafka-configs.sh --alter --entity-type topics"
                    + " --entity-name <topic> --add-config cleanup.policy=compact, and start again");
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
