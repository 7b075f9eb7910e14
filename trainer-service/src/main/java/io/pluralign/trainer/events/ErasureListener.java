package io.pluralign.trainer.events;

import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.EventKeys;
import io.pluralign.contracts.events.Topics;
import io.pluralign.contracts.events.UserErased;
import io.pluralign.servicekit.events.EventReader;
import io.pluralign.trainer.domain.LearningLoop;
import io.pluralign.trainer.domain.UserErasure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code user.erased}, once per erasure in the service's consumer group: records the request, which the learning
 * instance carries out before its next pass ({@link UserErasure}). A failure of the database is thrown and the record
 * retried with back-off; a redelivered event records nothing new (one request per event id). A record without a usable
 * tenant and user is logged and skipped (it is the producer's bug).
 */
@Component
class ErasureListener {
    private static final Logger log = LoggerFactory.getLogger(ErasureListener.class);

    private final UserErasure erasure;
    private final LearningLoop learning;
    private final EventReader<UserErased> events;

    ErasureListener(UserErasure erasure, LearningLoop learning, JsonMapper json) {
        this.erasure = erasure;
        this.learning = learning;
        this.events = EventReader.of(json, new TypeReference<CloudEvent<UserErased>>() {});
    }

    @KafkaListener(
            id = "trainer-erasures",
            topics = Topics.USER_ERASED,
            groupId = "trainer-service",
            autoStartup = "${pluralign.trainer.feedback.listen:true}")
    void onUserErased(ConsumerRecord<String, String> record) {
        CloudEvent<UserErased> event;
        UserErased erased;
        try {
            event = events.read(record.value());
            erased = event.data();
            EventKeys.of(erased.tenantId(), erased.userId()); // a tenant and a user, as every key has them
        } catch (RuntimeException e) {
            log.warn("skipping an unusable user.erased record at offset {}: {}", record.offset(), e.toString());
            return;
        }
        erasure.request(event.id(), erased.tenantId(), erased.userId());
        learning.wake();
        log.info("erasure of {} requested by {}", record.key(), erased.erasedBy());
    }
}
