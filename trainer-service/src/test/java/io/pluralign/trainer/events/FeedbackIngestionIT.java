package io.pluralign.trainer.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.EventKeys;
import io.pluralign.contracts.events.EventTypes;
import io.pluralign.contracts.events.Feedback;
import io.pluralign.contracts.events.GenerationCompleted;
import io.pluralign.contracts.events.ProfileChanged;
import io.pluralign.contracts.events.TenantDeleted;
import io.pluralign.contracts.events.Topics;
import io.pluralign.contracts.events.UserErased;
import io.pluralign.contracts.profile.ProfileDocument;
import io.pluralign.contracts.steering.SteeringApplied;
import io.pluralign.servicekit.events.DeadLetters;
import io.pluralign.testsupport.GatewayCaller;
import io.pluralign.testsupport.RealInfrastructure;
import io.pluralign.testsupport.TestInfrastructure;
import io.pluralign.testsupport.TopicProbe;
import io.pluralign.trainer.store.FeedbackStore;
import io.pluralign.trainer.store.LearningStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Feedback from Kafka and from POST /v1/feedback, against a real broker and PostgreSQL. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pluralign.trust.secret=" + GatewayCaller.TEST_SECRET,
            "pluralign.trainer.generation-grace=3s",
            "pluralign.trainer.resolve-interval=200ms"
        })
@RealInfrastructure
class FeedbackIngestionIT {
    @LocalServerPort
    int port;

    @Autowired
    FeedbackStore store;

    @Autowired
    LearningStore learning;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    JsonMapper json;

    @Autowired
    FollowedProfiles profiles;

    @Autowired
    DeletedTenants deletedTenants;

    private final String tenant = "f" + UUID.randomUUID().toString().substring(0, 8);

    private static Feedback pairwise(String tenant, String user) {
        return new Feedback(
                tenant,
                user,
                Feedback.PAIRWISE,
                "How do I start running?",
                new Feedback.Answer(null, "Begin slowly, three short runs a week."),
                new Feedback.Answer(null, "Just run."),
                null,
                null,
                null,
                null);
    }

    private void awaitCount(String user, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (store.count(tenant, user) < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(store.count(tenant, user)).isEqualTo(expected);
    }

    @Test
    void redeliveredEventsAreStoredOnce() throws Exception {
        String key = EventKeys.of(tenant, "ann");
        CloudEvent<Feedback> event = CloudEvent.of("/app", EventTypes.FEEDBACK, tenant, key, pairwise(tenant, "ann"));
        String value = json.writeValueAsString(event);
        for (int i = 0; i < 3; i++) {
            kafka.send(Topics.FEEDBACK, key, value).get();
        }
        CloudEvent<Feedback> other = CloudEvent.of("/app", EventTypes.FEEDBACK, tenant, key, pairwise(tenant, "ann"));
        kafka.send(Topics.FEEDBACK, key, json.writeValueAsString(other)).get();
        awaitCount("ann", 2);
        Thread.sleep(1000);
        assertThat(store.count(tenant, "ann"))
                .as("still two after every copy was consumed")
                .isEqualTo(2);
    }

    /**
     * CloudEvents allows extension attributes (a tracing SDK adds {@code traceparent}), and a newer app or platform
     * version may add payload fields this one does not know yet: such an event is stored, not dead-lettered.
     */
    @Test
    void eventsWithExtensionAttributesAndFieldsThisVersionDoesNotKnowAreStored() throws Exception {
        String key = EventKeys.of(tenant, "eve");
        ObjectNode event = (ObjectNode)
                json.valueToTree(CloudEvent.of("/app", EventTypes.FEEDBACK, tenant, key, pairwise(tenant, "eve")));
        event.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        ((ObjectNode) event.get("data")).put("sessionLength", 42);
        kafka.send(Topics.FEEDBACK, key, json.writeValueAsString(event)).get();
        awaitCount("eve", 1);
    }

    @Test
    void unusableEventsGoToTheDeadLetterTopicWithTheReasonAndDoNotBlockOthers(TestInfrastructure infra)
            throws Exception {
        String key = EventKeys.of(tenant, "bob");
        kafka.send(Topics.FEEDBACK, key, "{not json").get();
        Feedback badRating = new Feedback(
                tenant, "bob", Feedback.RATING, null, null, null, new Feedback.Answer("gen-1", null), 9, null, null);
        kafka.send(
                        Topics.FEEDBACK,
                        key,
                        json.writeValueAsString(CloudEvent.of("/app", EventTypes.FEEDBACK, tenant, key, badRating)))
                .get();
        kafka.send(
                        Topics.FEEDBACK,
                        EventKeys.of(tenant, "someone-else"),
                        json.writeValueAsString(
                                CloudEvent.of("/app", EventTypes.FEEDBACK, tenant, key, pairwise(tenant, "bob"))))
                .get();
        kafka.send(
                        Topics.FEEDBACK,
                        key,
                        json.writeValueAsString(
                                CloudEvent.of("/app", EventTypes.FEEDBACK, tenant, key, pairwise(tenant, "bob"))))
                .get();
        awaitCount("bob", 1);
        try (TopicProbe probe = TopicProbe.fromBeginning(infra.kafkaBootstrapServers(), Topics.FEEDBACK_DLQ)) {
            List<ConsumerRecord<String, String>> dead =
                    probe.await(r -> r.key() != null && r.key().startsWith(tenant + ":"), 3, Duration.ofSeconds(30));
            List<String> reasons = dead.stream()
                    .map(r -> new String(
                            r.headers().lastHeader(DeadLetters.REASON_HEADER).value(), StandardCharsets.UTF_8))
                    .toList();
            assertThat(reasons.get(0)).contains("not a CloudEvent");
            assertThat(reasons.get(1)).contains("rating must be 1 to 5");
            assertThat(reasons.get(2)).contains("record key");
            assertThat(dead.get(0).value()).isEqualTo("{not json");
        }
    }

    private WebTestClient.ResponseSpec post(String body) {
        GatewayCaller caller = GatewayCaller.app(tenant);
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .build()
                .post()
                .uri("/v1/feedback")
                .headers(h -> caller.headers("POST", "/v1/feedback").forEach(h::add))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    @Test
    void postedFeedbackIsPublishedAndStoredWithTheIdsReturned() throws Exception {
        String one = "{\"userId\":\"cyd\",\"kind\":\"thumbs\",\"response\":{\"generationId\":\"gen-9\"},\"up\":true}";
        JsonNode accepted = json.readTree(post(one)
                .expectStatus()
                .isAccepted()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        String id = accepted.path("ids").get(0).asString();
        String batch = "{\"events\":[" + one + ",{\"userId\":\"cyd\",\"kind\":\"rating\","
                + "\"response\":{\"generationId\":\"gen-10\"},\"rating\":4}]}";
        assertThat(json.readTree(post(batch)
                                .expectStatus()
                                .isAccepted()
                                .expectBody(String.class)
                                .returnResult()
                                .getResponseBody())
                        .path("ids")
                        .size())
                .isEqualTo(2);
        awaitCount("cyd", 3);
        assertThat(store.exists(id)).isTrue();
    }

    private String sendThumbs(String user, String generationId) throws Exception {
        String key = EventKeys.of(tenant, user);
        Feedback thumbs = new Feedback(
                tenant,
                user,
                Feedback.THUMBS,
                null,
                null,
                null,
                new Feedback.Answer(generationId, null),
                null,
                true,
                null);
        CloudEvent<Feedback> event = CloudEvent.of("/app", EventTypes.FEEDBACK, tenant, key, thumbs);
        kafka.send(Topics.FEEDBACK, key, json.writeValueAsString(event)).get();
        return event.id();
    }

    private void sendGeneration(String generationId, String user) throws Exception {
        sendGeneration(generationId, user, null);
    }

    /** A generation.completed record, produced at {@code timestamp} (ms since the epoch; null: now). */
    private void sendGeneration(String generationId, String user, Long timestamp) throws Exception {
        GenerationCompleted g = new GenerationCompleted(
                generationId,
                "chatcmpl-1",
                0,
                tenant,
                user,
                "pluralign-mini",
                List.of(new GenerationCompleted.Message("user", "Hi")),
                false,
                "Hello.",
                "stop",
                3,
                2,
                1,
                SteeringApplied.none("no profile", null),
                java.time.Instant.now());
        String key = EventKeys.of(tenant, user);
        kafka.send(new ProducerRecord<>(
                        Topics.GENERATION_COMPLETED,
                        null,
                        timestamp,
                        key,
                        json.writeValueAsString(
                                CloudEvent.of("/steering", EventTypes.GENERATION_COMPLETED, tenant, key, g))))
                .get();
    }

    private void awaitResolution(String eventId, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!expected.equals(store.resolution(eventId)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(store.resolution(eventId)).isEqualTo(expected);
    }

    private CloudEvent<UserErased> erasure(String key, UserErased erased) {
        return CloudEvent.of("/profile", EventTypes.USER_ERASED, tenant, key, erased);
    }

    /**
     * Right to erasure: after {@code user.erased}, nothing of the user's feedback, generations, learning queue or theta
     * is left but ids, other users keep theirs, a replay of the erased feedback stores nothing again, and feedback that
     * names an erased generation is rejected (learning goes on).
     */
    @Test
    void anErasedUsersFeedbackGenerationsAndLearnedStateAreGoneAndAReplayDoesNotBringThemBack() throws Exception {
        String key = EventKeys.of(tenant, "fay");
        CloudEvent<Feedback> first = CloudEvent.of("/app", EventTypes.FEEDBACK, tenant, key, pairwise(tenant, "fay"));
        kafka.send(Topics.FEEDBACK, key, json.writeValueAsString(first)).get();
        String generation = "gen-fay-" + tenant;
        sendGeneration(generation, "fay");
        String thumbs = sendThumbs("fay", generation);
        String other = sendThumbs("gus", "gen-gus-" + tenant);
        sendGeneration("gen-gus-" + tenant, "gus");
        awaitResolution(thumbs, "resolved");
        awaitResolution(other, "resolved");
        learning.saveThetas(
                tenant,
                1,
                Map.of("fay", new double[] {0.5, -0.5}, "gus", new double[] {0.1, 0.2}),
                Map.of("fay", 2, "gus", 1));

        // an unusable request first: it is skipped and holds nothing up
        kafka.send(Topics.USER_ERASED, key, json.writeValueAsString(erasure(key, new UserErased("a:b", "fay", "test"))))
                .get();
        kafka.send(
                        Topics.USER_ERASED,
                        key,
                        json.writeValueAsString(erasure(key, new UserErased(tenant, "fay", "test"))))
                .get();
        awaitResolution(first.id(), "erased");

        assertThat(store.resolution(thumbs)).isEqualTo("erased");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM feedback WHERE tenant_id = ? AND user_id = 'fay' AND payload <> '{}'",
                        Integer.class,
                        tenant))
                .as("feedback content left")
                .isZero();
        assertThat(jdbc.queryForObject(
                        "SELECT payload::text FROM generations WHERE generation_id = ?", String.class, generation))
                .isEqualTo("{}");
        LearningStore.UserState fay = learning.userState(tenant, "fay");
        assertThat(fay.theta()).as("theta").isNull();
        assertThat(fay.resolved()).isZero();
        assertThat(fay.erased()).isEqualTo(2);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM learning_queue WHERE tenant_id = ? AND user_id = 'fay'",
                        Integer.class,
                        tenant))
                .isZero();
        assertThat(store.resolution(other)).as("another user's feedback").isEqualTo("resolved");
        assertThat(learning.erasedSince(tenant, List.of(first.id(), other), List.of("gus")))
                .as("a refit that read fay's feedback before leaves her out")
                .containsExactly("fay");
        assertThat(learning.erasedSince(tenant, List.of(other), List.of("fay", "gus")))
                .as("a refit that read fay's theta before leaves her out")
                .containsExactly("fay");
        assertThat(jdbc.queryForObject(
                        "SELECT payload::text FROM generations WHERE generation_id = ?",
                        String.class,
                        "gen-gus-" + tenant))
                .contains("Hello.");

        // produced before the erasure, consumed after it: stored without content
        long beforeErasure = System.currentTimeMillis() - 60_000;
        CloudEvent<Feedback> inFlight =
                CloudEvent.of("/app", EventTypes.FEEDBACK, tenant, key, pairwise(tenant, "fay"));
        kafka.send(new ProducerRecord<>(Topics.FEEDBACK, null, beforeErasure, key, json.writeValueAsString(inFlight)))
                .get();
        String inFlightGeneration = "gen-fay-in-flight-" + tenant;
        sendGeneration(inFlightGeneration, "fay", beforeErasure);
        awaitResolution(inFlight.id(), "erased");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (jdbc.queryForObject(
                                "SELECT count(*) FROM generations WHERE generation_id = ?",
                                Integer.class,
                                inFlightGeneration)
                        == 0
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(jdbc.queryForObject(
                        "SELECT payload::text FROM generations WHERE generation_id = ?",
                        String.class,
                        inFlightGeneration))
                .isEqualTo("{}");

        kafka.send(Topics.FEEDBACK, key, json.writeValueAsString(first)).get();
        CloudEvent<Feedback> later = CloudEvent.of("/app", EventTypes.FEEDBACK, tenant, key, pairwise(tenant, "fay"));
        kafka.send(Topics.FEEDBACK, key, json.writeValueAsString(later)).get();
        awaitResolution(later.id(), "resolved");
        assertThat(store.resolution(first.id()))
                .as("the replayed event, consumed before the later one")
                .isEqualTo("erased");
        assertThat(store.count(tenant, "fay")).isEqualTo(4);

        String late = sendThumbs("fay", generation);
        awaitResolution(late, "rejected");
        assertThat(jdbc.queryForObject("SELECT rejection FROM feedback WHERE event_id = ?", String.class, late))
                .contains("erased");
    }

    @Test
    void feedbackNamingGenerationsWaitsForThemAndIsRejectedWhenTheyNeverComeOrAreSomeoneElses(TestInfrastructure infra)
            throws Exception {
        String early = sendThumbs("eve", "gen-late-" + tenant);
        awaitResolution(early, "pending");
        sendGeneration("gen-late-" + tenant, "eve");
        awaitResolution(early, "resolved");

        String missing = sendThumbs("eve", "gen-never-" + tenant);
        sendGeneration("gen-other-" + tenant, "mallory");
        String foreign = sendThumbs("eve", "gen-other-" + tenant);
        awaitResolution(foreign, "rejected");
        awaitResolution(missing, "rejected");
        try (TopicProbe probe = TopicProbe.fromBeginning(infra.kafkaBootstrapServers(), Topics.FEEDBACK_DLQ)) {
            List<ConsumerRecord<String, String>> dead = probe.await(
                    r -> r.value() != null
                            && (r.value().contains(missing) || r.value().contains(foreign)),
                    2,
                    Duration.ofSeconds(30));
            String reasons = dead.stream()
                    .map(r -> new String(
                            r.headers().lastHeader(DeadLetters.REASON_HEADER).value(), StandardCharsets.UTF_8))
                    .toList()
                    .toString();
            assertThat(reasons).contains("unknown after 3 s", "belongs to another user");
        }
    }

    @Test
    void feedbackOfAUserWhoOptedOutGoesToTheDeadLetterTopic(TestInfrastructure infra) throws Exception {
        String key = EventKeys.of(tenant, "opted");
        ProfileDocument optedOut = new ProfileDocument(null, null, Map.of(), null, null, 1, true);
        kafka.send(
                        Topics.PROFILE_CHANGED,
                        key,
                        json.writeValueAsString(CloudEvent.of(
                                "/profile",
                                EventTypes.PROFILE_CHANGED,
                                tenant,
                                key,
                                new ProfileChanged(tenant, "opted", 1, false, "test", optedOut))))
                .get();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!profiles.isOptedOut(key) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        CloudEvent<Feedback> event = CloudEvent.of("/app", EventTypes.FEEDBACK, tenant, key, pairwise(tenant, "opted"));
        kafka.send(Topics.FEEDBACK, key, json.writeValueAsString(event)).get();
        try (TopicProbe probe = TopicProbe.fromBeginning(infra.kafkaBootstrapServers(), Topics.FEEDBACK_DLQ)) {
            ConsumerRecord<String, String> dead = probe.await(
                            r -> r.value() != null && r.value().contains(event.id()), 1, Duration.ofSeconds(30))
                    .get(0);
            assertThat(new String(
                            dead.headers().lastHeader(DeadLetters.REASON_HEADER).value(), StandardCharsets.UTF_8))
                    .contains("opted out");
        }
        assertThat(store.exists(event.id())).isFalse();
    }

    @Test
    void feedbackOfADeletedTenantsUsersGoesToTheDeadLetterTopic(TestInfrastructure infra) throws Exception {
        String gone = tenant + "-gone";
        kafka.send(
                        Topics.TENANT_DELETED,
                        gone,
                        json.writeValueAsString(CloudEvent.of(
                                "/gateway",
                                EventTypes.TENANT_DELETED,
                                gone,
                                gone,
                                new TenantDeleted(gone, "key:000000000000"))))
                .get();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!deletedTenants.isDeleted(gone) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        String key = EventKeys.of(gone, "someone");
        CloudEvent<Feedback> event = CloudEvent.of("/app", EventTypes.FEEDBACK, gone, key, pairwise(gone, "someone"));
        kafka.send(Topics.FEEDBACK, key, json.writeValueAsString(event)).get();
        // the same user's feedback under a live tenant is still stored
        String liveKey = EventKeys.of(tenant, "someone");
        CloudEvent<Feedback> live =
                CloudEvent.of("/app", EventTypes.FEEDBACK, tenant, liveKey, pairwise(tenant, "someone"));
        kafka.send(Topics.FEEDBACK, liveKey, json.writeValueAsString(live)).get();
        try (TopicProbe probe = TopicProbe.fromBeginning(infra.kafkaBootstrapServers(), Topics.FEEDBACK_DLQ)) {
            ConsumerRecord<String, String> dead = probe.await(
                            r -> r.value() != null && r.value().contains(event.id()), 1, Duration.ofSeconds(30))
                    .get(0);
            assertThat(new String(
                            dead.headers().lastHeader(DeadLetters.REASON_HEADER).value(), StandardCharsets.UTF_8))
                    .contains("tenant " + gone + " was deleted");
            assertThat(dead.key()).isEqualTo(key);
        }
        assertThat(store.exists(event.id())).isFalse();
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!store.exists(live.id()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(store.exists(live.id())).isTrue();
    }

    @Test
    void invalidPostedFeedbackIsA400NamingEachFieldAndNothingIsPublished() throws Exception {
        String body = "{\"events\":[{\"userId\":\"dee\",\"kind\":\"rating\",\"response\":{\"generationId\":\"g\"},"
                + "\"rating\":0},{\"userId\":\"dee\",\"kind\":\"pairwise\",\"chosen\":{\"text\":\"a\"},"
                + "\"rejected\":{\"text\":\"b\"}},{\"tenantId\":\"someone-else\",\"userId\":\"dee\",\"kind\":\"thumbs\"}]}";
        String problem = post(body)
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(problem).contains("events[0].rating", "events[1].prompt", "events[2].tenantId");
        Thread.sleep(1500);
        assertThat(store.count(tenant, "dee")).isZero();
    }
}
