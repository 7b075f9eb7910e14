package io.pluralign.infra.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.contracts.events.TopicSpec;
import io.pluralign.contracts.events.Topics;
import io.pluralign.infra.LaunchConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerProcessTest {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path var;

    @Test
    void createsEveryTopicAsSpecifiedAndKeepsThemAcrossARestart() throws Exception {
        int port = PortCheck.resolve(0);
        int controllerPort = PortCheck.resolve(0);
        List<String> names = Topics.ALL.stream().map(TopicSpec::name).toList();

        try (KafkaBrokerProcess broker = launch(port, controllerPort)) {
            broker.awaitReady(READY_TIMEOUT);
            assertThat(TopicCreator.createMissing(broker.bootstrapServers(), Topics.ALL))
                    .containsExactlyElementsOf(names);
            assertTopicsAsSpecified(broker.bootstrapServers());
            assertThat(brokerConfig(broker.bootstrapServers(), "auto.create.topics.enable"))
                    .as("topics come from the contracts only")
                    .isEqualTo("false");
        }
        assertThat(PortCheck.isFree(port)).as("the broker stopped").isTrue();

        try (KafkaBrokerProcess broker = launch(port, controllerPort)) {
            broker.awaitReady(READY_TIMEOUT);
            try (Admin admin = admin(broker.bootstrapServers())) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(names);
            }
            assertThat(TopicCreator.createMissing(broker.bootstrapServers(), Topics.ALL))
                    .as("nothing left to create after a restart")
                    .isEmpty();
            assertTopicsAsSpecified(broker.bootstrapServers());
        }
        assertThat(var.resolve("logs/kafka.log"))
                .content()
                .contains("Formatting")
                .contains("Kafka Server started");
    }

    private KafkaBrokerProcess launch(int port, int controllerPort) {
        return KafkaBrokerProcess.launch(
                var.resolve("kafka"),
                port,
                controllerPort,
                LaunchConfig.DEFAULT_KAFKA_JVM_OPTS,
                var,
                var.resolve("logs/kafka.log"));
    }

    private static void assertTopicsAsSpecified(String bootstrapServers) throws Exception {
        List<String> names = Topics.ALL.stream().map(TopicSpec::name).toList();
        try (Admin admin = admin(bootstrapServers)) {
            Map<String, TopicDescription> topics =
                    admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            List<ConfigResource> resources = names.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                    .toList();
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            Map<String, String> cleanupPolicies = configs.entrySet().stream()
                    .collect(Collectors.toMap(
                            entry -> entry.getKey().name(),
                            entry -> entry.getValue()
                                    .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                                    .value()));
            for (TopicSpec spec : Topics.ALL) {
                assertThat(topics.get(spec.name()).partitions()).as(spec.name()).hasSize(spec.partitions());
                assertThat(cleanupPolicies.get(spec.name()))
                        .as(spec.name())
                        .isEqualTo(spec.compacted() ? "compact" : "delete");
            }
        }
    }

    private static String brokerConfig(String bootstrapServers, String name) throws Exception {
        try (Admin admin = admin(bootstrapServers)) {
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
            return admin.describeConfigs(List.of(broker))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(broker)
                    .get(name)
                    .value();
        }
    }

    private static Admin admin(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(props);
    }
}
