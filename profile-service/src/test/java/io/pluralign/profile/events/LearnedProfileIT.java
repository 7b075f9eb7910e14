package io.pluralign.profile.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.EventKeys;
import io.pluralign.contracts.events.EventTypes;
import io.pluralign.contracts.events.ProfileLearned;
import io.pluralign.contracts.events.Topics;
import io.pluralign.profile.domain.LearnedProfiles;
import io.pluralign.profile.domain.Precondition;
import io.pluralign.profile.domain.Profile;
import io.pluralign.profile.domain.ProfileService;
import io.pluralign.profile.domain.UserKey;
import io.pluralign.servicekit.events.DeadLetters;
import io.pluralign.testsupport.GatewayCaller;
import io.pluralign.testsupport.RealInfrastructure;
import io.pluralign.testsupport.TestInfrastructure;
import io.pluralign.testsupport.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

/** profile.learned from a real Kafka broker into real PostgreSQL: applied once, skipped for a reason, or dead-lettered. */
@SpringBootTest(
        properties = {
            "pluralign.trust.secret=" + GatewayCaller.TEST_SECRET,
            "pluralign.profile.learned.listen=true",
            "pluralign.profile.prototypes=2"
        })
@RealInfrastructure
class LearnedProfileIT {
    private static final String WEIGHTS = "{\"bigFive\":null,\"palWeights\":[0.5,0.5]}";

    @Autowired
    ProfileService profiles;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    JsonMapper json;

    @Autowired
    LearnedProfiles learnedProfiles;

    @Autowired
    JdbcClient jdbc;

    private final String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);

    private UserKey user(String id) {
        return new UserKey(tenant, id);
    }

    private Profile create(String id, String body) {
        return profiles.put(
                        user(id), json.readTree(body), Precondition.NONE, new ProfileService.Writer("key:test", false))
                .profile();
    }

    private String learned(String id, long basedOn, List<Double> weights, String eventId) throws Exception {
        ProfileLearned data = new ProfileLearned(tenant, id, basedOn, weights, 7, List.of());
        CloudEvent<ProfileLearned> event = new CloudEvent<>(
                CloudEvent.SPEC_VERSION,
                eventId,
                "/pluralign/trainer-service",
                EventTypes.PROFILE_LEARNED,
                EventKeys.of(tenant, id),
                java.time.Instant.now(),
                CloudEvent.JSON,
                tenant,
                data);
        send(EventKeys.of(tenant, id), json.writeValueAsString(event));
        return eventId;
    }

    private void send(String key, String value) throws Exception {
        kafka.send(Topics.PROFILE_LEARNED, key, value).get(30, TimeUnit.SECONDS);
    }

    private Profile awaitProfile(String id, Predicate<Profile> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Profile profile = profiles.find(user(id)).orElseThrow();
            if (done.test(profile) || System.nanoTime() > deadline) {
                return profile;
            }
            Thread.sleep(100);
        }
    }

    @Test
    void learnedWeightsBecomeANewVersionOnceEvenWhenDeliveredTwice() throws Exception {
        Profile first = create("ada", WEIGHTS);
        String eventId = UUID.randomUUID().toString();
        learned("ada", first.version(), List.of(0.25, 0.75), eventId);
        learned("ada", first.version(), List.of(0.25, 0.75), eventId); // a redelivery
        Profile applied = awaitProfile("ada", p -> p.version() == 2);
        assertThat(applied.version()).isEqualTo(2);
        assertThat(applied.updatedBy()).isEqualTo(LearnedProfiles.LEARNED);
        assertThat(applied.body().palWeights().weights()).containsExactly(0.25, 0.75);
        assertThat(applied.body().palWeights().source()).isEqualTo("learned");
        assertThat(applied.body().palWeights().rewardModelVersion()).isEqualTo(7);

        // a later event is applied too, which proves the duplicate before it was consumed and dropped
        learned("ada", 2, List.of(0.5, 0.5), UUID.randomUUID().toString());
        assertThat(awaitProfile("ada", p -> p.version() == 3).version()).isEqualTo(3);
        assertThat(profiles.history(user("ada"))).hasSize(3);
    }

    @Test
    void optedOutUsersAndManualChangesAfterTheLearnersVersionWin() throws Exception {
        create("bo", WEIGHTS.replace("null", "null,\"optOut\":true"));
        Profile cy = create("cy", WEIGHTS);
        profiles.patch(
                user("cy"),
                json.readTree("{\"palWeights\":[0.9,0.1]}"),
                Precondition.NONE,
                new ProfileService.Writer("key:test", false));
        learned("bo", 1, List.of(0.1, 0.9), UUID.randomUUID().toString());
        learned("cy", cy.version(), List.of(0.1, 0.9), UUID.randomUUID().toString()); // based on version 1: stale
        learned("cy", 2, List.of(0.3, 0.7), UUID.randomUUID().toString()); // based on the manual change: applies
        Profile after = awaitProfile("cy", p -> p.version() == 3);
        assertThat(after.body().palWeights().weights()).containsExactly(0.3, 0.7);
        assertThat(profiles.find(user("bo")).orElseThrow().version()).isEqualTo(1);
        assertThat(profiles.history(user("cy")).get(2).change()).isEqualTo(LearnedProfiles.LEARNED);
    }

    @Test
    void aManualChangeOfSomethingElseAfterTheLearnersVersionDoesNotStopIt() throws Exception {
        Profile dee = create("dee", WEIGHTS);
        profiles.patch(
                user("dee"),
                json.readTree("{\"strength\":0.5}"),
                Precondition.NONE,
                new ProfileService.Writer("key:test", false));
        learned("dee", dee.version(), List.of(0.2, 0.8), UUID.randomUUID().toString()); // based on version 1
        Profile after = awaitProfile("dee", p -> p.version() == 3);
        assertThat(after.body().palWeights().weights()).containsExactly(0.2, 0.8);
        assertThat(after.body().strength()).isEqualTo(0.5);
    }

    private LearnedProfiles.LearnedUpdate update(String eventId, String id, long basedOn, Double... weights) {
        return new LearnedProfiles.LearnedUpdate(eventId, user(id), basedOn, List.of(weights), 7);
    }

    @Test
    void aBatchDecidesEachUpdateOnTheOnesBeforeItAndAppliesEachEventOnce() {
        Profile ann = create("ann", WEIGHTS);
        create("ben", WEIGHTS.replace("null", "null,\"optOut\":true"));
        create("zoe", WEIGHTS);
        profiles.delete(user("zoe"), Precondition.NONE, "key:test"); // erased: the row stays, the profile is gone
        Profile eve = create("eve", WEIGHTS);
        profiles.patch(
                user("eve"),
                json.readTree("{\"palWeights\":[0.9,0.1]}"),
                Precondition.NONE,
                new ProfileService.Writer("key:test", false));
        String first = UUID.randomUUID().toString();
        List<LearnedProfiles.LearnedUpdate> batch = List.of(
                update(first, "ann", ann.version(), 0.2, 0.8),
                // the learner's view of ann was still version 1: a learned version since does not stop it
                update(UUID.randomUUID().toString(), "ann", ann.version(), 0.3, 0.7),
                update(first, "ann", ann.version(), 0.2, 0.8), // a redelivery inside the batch
                update(UUID.randomUUID().toString(), "nobody", 1, 0.5, 0.5),
                update(UUID.randomUUID().toString(), "zoe", 1, 0.5, 0.5),
                update(UUID.randomUUID().toString(), "ben", 1, 0.5, 0.5),
                update(UUID.randomUUID().toString(), "eve", eve.version(), 0.1, 0.9), // before the manual change
                update(UUID.randomUUID().toString(), "eve", eve.version() + 1, 0.4, 0.6)); // after it

        assertThat(learnedProfiles.apply(batch))
                .containsExactly(
                        LearnedProfiles.LearnedOutcome.APPLIED,
                        LearnedProfiles.LearnedOutcome.APPLIED,
                        LearnedProfiles.LearnedOutcome.DUPLICATE,
                        LearnedProfiles.LearnedOutcome.NO_PROFILE,
                        LearnedProfiles.LearnedOutcome.NO_PROFILE,
                        LearnedProfiles.LearnedOutcome.OPTED_OUT,
                        LearnedProfiles.LearnedOutcome.SUPERSEDED_BY_MANUAL_CHANGE,
                        LearnedProfiles.LearnedOutcome.APPLIED);
        Profile annNow = profiles.find(user("ann")).orElseThrow();
        assertThat(annNow.version()).isEqualTo(3);
        assertThat(annNow.body().palWeights().weights()).containsExactly(0.3, 0.7);
        List<ProfileService.HistoryEntry> history = profiles.history(user("ann"));
        assertThat(history)
                .extracting(ProfileService.HistoryEntry::change)
                .containsExactly("put", "learned", "learned");
        assertThat(profiles.find(user("eve")).orElseThrow().body().palWeights().weights())
                .containsExactly(0.4, 0.6);
        assertThat(profiles.find(user("ben")).orElseThrow().version()).isEqualTo(1);
        // every new version has its profile.changed in the outbox, in the same transaction
        assertThat(jdbc.sql("SELECT count(*) FROM outbox WHERE topic = ? AND record_key = ?")
                        .params(Topics.PROFILE_CHANGED, EventKeys.of(tenant, "ann"))
                        .query(Long.class)
                        .single())
                .isEqualTo(3);

        assertThat(jdbc.sql("SELECT outcome FROM consumed_events WHERE event_id = ?")
                        .param(first)
                        .query(String.class)
                        .single())
                .isEqualTo("APPLIED");

        // the same batch again (a retry after a failure that came too late): nothing changes
        assertThat(learnedProfiles.apply(batch)).containsOnly(LearnedProfiles.LearnedOutcome.DUPLICATE);
        assertThat(profiles.find(user("ann")).orElseThrow().version()).isEqualTo(3);
    }

    @Test
    void twoConsumersApplyingOverlappingBatchesAtOnceApplyEachEventOnceAndDoNotDeadlock() throws Exception {
        // a rebalance can hand records to a second consumer while the first still works on them
        List<String> names = List.of("co0", "co1", "co2", "co3", "co4", "co5", "co6", "co7");
        for (String name : names) {
            create(name, WEIGHTS);
        }
        List<LearnedProfiles.LearnedUpdate> batch = new ArrayList<>();
        for (int round = 1; round <= 5; round++) {
            for (String name : names) {
                batch.add(update(UUID.randomUUID().toString(), name, 1, 0.1 * round, 1 - 0.1 * round));
            }
        }
        int overlapFrom = 12;
        List<LearnedProfiles.LearnedUpdate> overlapping = batch.subList(overlapFrom, batch.size());
        ExecutorService consumers = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        Future<List<LearnedProfiles.LearnedOutcome>> first = consumers.submit(() -> {
            go.await();
            return learnedProfiles.apply(batch);
        });
        Future<List<LearnedProfiles.LearnedOutcome>> second = consumers.submit(() -> {
            go.await();
            return learnedProfiles.apply(overlapping);
        });
        go.countDown();
        // no retries here: a deadlock or a double insert would fail one of them
        List<LearnedProfiles.LearnedOutcome> firstOutcomes = first.get(60, TimeUnit.SECONDS);
        List<LearnedProfiles.LearnedOutcome> secondOutcomes = second.get(60, TimeUnit.SECONDS);
        consumers.shutdown();

        assertThat(firstOutcomes.subList(0, overlapFrom)).containsOnly(LearnedProfiles.LearnedOutcome.APPLIED);
        for (int i = overlapFrom; i < batch.size(); i++) {
            assertThat(List.of(firstOutcomes.get(i), secondOutcomes.get(i - overlapFrom)))
                    .as("event %d", i)
                    .containsExactlyInAnyOrder(
                            LearnedProfiles.LearnedOutcome.APPLIED, LearnedProfiles.LearnedOutcome.DUPLICATE);
        }
        for (String name : names) {
            assertThat(profiles.history(user(name))).as(name).hasSize(6); // created, then five learned versions
        }
    }

    @Test
    void unusableEventsGoToTheDeadLetterTopicWithTheReasonAndLaterOnesStillApply(TestInfrastructure infra)
            throws Exception {
        Profile dee = create("dee", WEIGHTS);
        send(EventKeys.of(tenant, "dee"), "{not json");
        learned("dee", dee.version(), List.of(0.2, 0.3, 0.5), "wrong-k-" + UUID.randomUUID());
        learned("dee", dee.version(), List.of(0.4, 0.6), UUID.randomUUID().toString());
        assertThat(awaitProfile("dee", p -> p.version() == 2)
                        .body()
                        .palWeights()
                        .weights())
                .containsExactly(0.4, 0.6);
        try (TopicProbe probe = TopicProbe.fromBeginning(infra.kafkaBootstrapServers(), Topics.PROFILE_LEARNED_DLQ)) {
            List<ConsumerRecord<String, String>> dead =
                    probe.await(r -> EventKeys.of(tenant, "dee").equals(r.key()), 2, Duration.ofSeconds(30));
            assertThat(dead).hasSize(2);
            assertThat(dead.get(0).value()).isEqualTo("{not json");
            assertThat(reason(dead.get(0))).contains("not a CloudEvent");
            assertThat(reason(dead.get(1))).contains("must have 2 weights");
        }
    }

    private static String reason(ConsumerRecord<String, String> record) {
        return new String(record.headers().lastHeader(DeadLetters.REASON_HEADER).value(), StandardCharsets.UTF_8);
    }
}
