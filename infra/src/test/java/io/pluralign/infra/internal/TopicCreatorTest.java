package io.pluralign.infra.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluralign.contracts.events.TopicSpec;
import io.pluralign.infra.LaunchConfig;
import io.pluralign.infra.LaunchException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Topics that exist already, as on an external Kafka, against a real broker. */
class TopicCreatorTest {
    @TempDir
    static Path var;

    static KafkaBrokerProcess broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBrokerProcess.launch(
                var.resolve("kafka"),
                PortCheck.resolve(0),
                PortCheck.resolve(0),
                LaunchConfig.DEFAULT_KAFKA_JVM_OPTS,
                var,
                var.resolve("logs/kafka.log"));
        broker.awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void anExistingCompactedTopicIsAccepted() throws Exception {
        createByHand("test.compacted-ok.v1", Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact"));

        List<String> created = TopicCreator.createMissing(
                broker.bootstrapServers(),
                List.of(new TopicSpec("test.compacted-ok.v1", 1, true), new TopicSpec("test.fresh.v1", 2, false)));

        assertThat(created).containsExactly("test.fresh.v1");
    }

    @Test
    void anExistingTopicThatShouldBeCompactedButIsNotFailsNamingItAndItsPolicy() throws Exception {
        createByHand("test.compacted-wrong.v1", Map.of());
        createByHand("test.compacted-mixed.v1", Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact,delete"));
        List<TopicSpec> specs = List.of(
                new TopicSpec("test.compacted-wrong.v1", 1, true),
                new TopicSpec("test.compacted-mixed.v1", 1, true),
                new TopicSpec("test.plain.v1", 1, false));

        assertThatThrownBy(() -> TopicCreator.createMissing(broker.bootstrapServers(), specs))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("must be compacted")
                .hasMessageContaining("test.compacted-wrong.v1 (cleanup.policy=delete)")
                .hasMessageContaining("test.compacted-mixed.v1 (cleanup.policy=compact,delete)")
                .hasMessageNotContaining("test.plain.v1");
    }

    private static void createByHand(String name, Map<String, String> configs) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(name, Optional.of(1), Optional.empty()).configs(configs)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }
}
