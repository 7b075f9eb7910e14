package io.pluralign.profile.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.contracts.events.Topics;
import io.pluralign.outbox.OutboxRelay;
import io.pluralign.outbox.OutboxStore;
import io.pluralign.profile.domain.Precondition;
import io.pluralign.profile.domain.ProfileService;
import io.pluralign.profile.domain.UserKey;
import io.pluralign.testsupport.GatewayCaller;
import io.pluralign.testsupport.RealInfrastructure;
import io.pluralign.testsupport.TestInfrastructure;
import io.pluralign.testsupport.TopicProbe;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** A change made while Kafka is unreachable waits in the outbox and is published, once, when Kafka is back. */
@SpringBootTest(
        properties = {
            "pluralign.trust.secret=" + GatewayCaller.TEST_SECRET,
            // the relay stays out of the way (neither polls nor publishes on commit); the test drives publishing
            "pluralign.outbox.poll-interval=1h",
            "pluralign.outbox.publish-on-commit=false"
        })
@RealInfrastructure
class OutboxRelayIT {
    @Autowired
    ProfileService profiles;

    @Autowired
    OutboxStore outbox;

    @Autowired
    OutboxRelay relay;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JsonMapper json;

    @Test
    void nothingIsLostWhileKafkaIsUnreachable(TestInfrastructure infra) throws Exception {
        String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        UserKey user = new UserKey(tenant, "u1");
        profiles.put(
                user,
                json.readTree("{\"bigFive\":{\"openness\":0.1,\"conscientiousness\":0.2,\"extraversion\":0.3,"
                        + "\"agreeableness\":0.4,\"neuroticism\":0.5}}"),
                Precondition.NONE,
                new ProfileService.Writer("test", false));
        int pendingBefore = outbox.pendingCount();
        assertThat(pendingBefore).isPositive();

        KafkaTemplate<String, String> unreachable = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                "localhost:" + freePort(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                1000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class)));
        try (OutboxRelay failing = new OutboxRelay(outbox, unreachable, tx)) {
            assertThat(failing.publishPending()).isFalse();
        } finally {
            unreachable.destroy();
        }
        assertThat(outbox.pendingCount())
                .as("still waiting after the failed attempt")
                .isEqualTo(pendingBefore);

        assertThat(relay.publishPending()).isTrue();
        assertThat(outbox.pendingCount()).isZero();
        try (TopicProbe probe = TopicProbe.fromBeginning(infra.kafkaBootstrapServers(), Topics.PROFILE_CHANGED)) {
            assertThat(probe.await(r -> (tenant + ":u1").equals(r.key()), 1, Duration.ofSeconds(20)))
                    .hasSize(1);
            assertThat(probe.readFor(Duration.ofSeconds(1), r -> (tenant + ":u1").equals(r.key())))
                    .as("published exactly once")
                    .hasSize(1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
