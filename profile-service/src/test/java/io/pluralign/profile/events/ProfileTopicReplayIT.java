package io.pluralign.profile.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.contracts.events.EventKeys;
import io.pluralign.contracts.events.Topics;
import io.pluralign.profile.domain.Precondition;
import io.pluralign.profile.domain.ProfileService;
import io.pluralign.profile.domain.UserKey;
import io.pluralign.testsupport.GatewayCaller;
import io.pluralign.testsupport.RealInfrastructure;
import io.pluralign.testsupport.TestInfrastructure;
import io.pluralign.testsupport.TopicProbe;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a consumer of the compacted {@code profile.changed} topic rebuilds by reading it from the start is the current
 * state: each user's latest profile, and no erased user; erasures also announce {@code user.erased}.
 */
@SpringBootTest(properties = "pluralign.trust.secret=" + GatewayCaller.TEST_SECRET)
@RealInfrastructure
class ProfileTopicReplayIT {
    @Autowired
    ProfileService profiles;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Test
    void replayingTheTopicGivesEachUsersLatestProfileAndForgetsErasedUsers(TestInfrastructure infra) {
        String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        ProfileService.Writer writer = new ProfileService.Writer("key:test", true);
        int changes = 0;
        for (int u = 0; u < 4; u++) {
            UserKey user = new UserKey(tenant, "u" + u);
            profiles.put(user, json.readTree("{\"strength\":0.5}"), Precondition.NONE, writer);
            changes++;
            for (int v = 0; v < u; v++) {
                profiles.patch(
                        user,
                        json.readTree("{\"concepts\":{\"style.verbosity\":" + v / 10.0 + "}}"),
                        Precondition.NONE,
                        writer);
                changes++;
            }
        }
        profiles.delete(new UserKey(tenant, "u2"), Precondition.NONE, "key:test");

        // An erasure drops the user's earlier events from the outbox, sent or not, so how many of u2's reach the
        // topic depends on timing: wait for the other users' events and for u2's tombstone.
        String erased = EventKeys.of(tenant, "u2");
        int others = changes - 3;
        Map<String, JsonNode> replayed = new HashMap<>();
        try (TopicProbe probe = TopicProbe.fromBeginning(infra.kafkaBootstrapServers(), Topics.PROFILE_CHANGED)) {
            probe.await(
                    r -> r.key().startsWith(tenant + ":") && !r.key().equals(erased), others, Duration.ofSeconds(30));
            probe.await(r -> r.key().equals(erased) && r.value() == null, 1, Duration.ofSeconds(30));
            for (ConsumerRecord<String, String> record :
                    probe.readFor(Duration.ZERO, r -> r.key().startsWith(tenant + ":"))) {
                if (record.value() == null) {
                    replayed.remove(record.key());
                } else {
                    replayed.put(record.key(), json.readTree(record.value()).path("data"));
                }
            }
        }
        assertThat(replayed)
                .containsOnlyKeys(EventKeys.of(tenant, "u0"), EventKeys.of(tenant, "u1"), EventKeys.of(tenant, "u3"));
        for (String id : List.of("u0", "u1", "u3")) {
            var current = profiles.find(new UserKey(tenant, id)).orElseThrow();
            JsonNode latest = replayed.get(EventKeys.of(tenant, id));
            assertThat(latest.path("version").asLong()).as(id).isEqualTo(current.version());
            assertThat(latest.path("profile")).as(id).isEqualTo(json.valueToTree(current.body()));
        }

        try (TopicProbe probe = TopicProbe.fromBeginning(infra.kafkaBootstrapServers(), Topics.USER_ERASED)) {
            JsonNode event = json.readTree(probe.await(r -> r.key().startsWith(tenant + ":"), 1, Duration.ofSeconds(30))
                            .get(0)
                            .value())
                    .path("data");
            assertThat(event.path("userId").asString()).isEqualTo("u2");
            assertThat(event.path("erasedBy").asString()).isEqualTo("key:test");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM outbox WHERE record_key = ? AND record_value LIKE '%\"strength\"%'")
                        .params(erased)
                        .query(Long.class)
                        .single())
                .as("no copy of the erased user's profile stays in the outbox")
                .isZero();
    }
}
