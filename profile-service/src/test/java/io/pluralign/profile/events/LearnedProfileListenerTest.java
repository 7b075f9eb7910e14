package io.pluralign.profile.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.EventKeys;
import io.pluralign.contracts.events.EventTypes;
import io.pluralign.contracts.events.ProfileLearned;
import io.pluralign.contracts.events.Topics;
import io.pluralign.profile.domain.LearnedProfiles;
import io.pluralign.profile.domain.UserKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import tools.jackson.databind.json.JsonMapper;

/** The listener's order of work, with the database and broker faked: the real ones are in LearnedProfileIT. */
class LearnedProfileListenerTest {
    private final JsonMapper json = JsonMapper.builder().build();

    /** Fails the first batch as a database that went away would, then applies every update. */
    private static final class FailingOnce extends LearnedProfiles {
        int calls;

        FailingOnce() {
            super(null, null, null, null, null, null);
        }

        @Override
        public int prototypes(UserKey user) {
            return 2;
        }

        @Override
        public List<LearnedOutcome> apply(List<LearnedUpdate> updates) {
            if (calls++ == 0) {
                throw new TransientDataAccessResourceException("the database is away");
            }
            return Collections.nCopies(updates.size(), LearnedOutcome.APPLIED);
        }
    }

    /** Keeps what is sent; the broker acknowledges at once. */
    private static final class Broker extends KafkaTemplate<String, String> {
        final List<ProducerRecord<String, String>> sent = new ArrayList<>();

        Broker() {
            super(new DefaultKafkaProducerFactory<>(Map.of()));
        }

        @Override
        public CompletableFuture<SendResult<String, String>> send(ProducerRecord<String, String> record) {
            sent.add(record);
            return CompletableFuture.completedFuture(new SendResult<>(record, null));
        }
    }

    private ConsumerRecord<String, String> learned(long offset, String user) {
        String key = EventKeys.of("acme", user);
        ProfileLearned data = new ProfileLearned("acme", user, 1, List.of(0.25, 0.75), 1, List.of("f-" + offset));
        return new ConsumerRecord<>(
                Topics.PROFILE_LEARNED,
                0,
                offset,
                key,
                json.writeValueAsString(CloudEvent.of("/trainer", EventTypes.PROFILE_LEARNED, "acme", key, data)));
    }

    @Test
    void aBatchRetriedBecauseTheDatabaseFailedSendsItsUnusableRecordsToTheDeadLetterTopicOnce() throws Exception {
        FailingOnce profiles = new FailingOnce();
        Broker broker = new Broker();
        LearnedProfileListener listener = new LearnedProfileListener(profiles, broker, json);
        List<ConsumerRecord<String, String>> batch =
                List.of(learned(0, "ann"), new ConsumerRecord<>(Topics.PROFILE_LEARNED, 0, 1, "acme:bob", "{not json"));

        assertThatThrownBy(() -> listener.onLearned(batch)).isInstanceOf(TransientDataAccessResourceException.class);
        assertThat(broker.sent)
                .as("nothing dead-lettered while the batch is not committed")
                .isEmpty();

        listener.onLearned(batch);

        assertThat(profiles.calls).isEqualTo(2);
        assertThat(broker.sent).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo(Topics.PROFILE_LEARNED_DLQ);
            assertThat(dead.value()).isEqualTo("{not json");
        });
    }
}
