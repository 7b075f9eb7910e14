package io.pluralign.steering.events;

import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.EventKeys;
import io.pluralign.contracts.events.ProfileChanged;
import io.pluralign.contracts.events.Topics;
import io.pluralign.contracts.events.UserErased;
import io.pluralign.outbox.OutboxStore;
import io.pluralign.servicekit.events.EventReader;
import io.pluralign.steering.domain.ProfileDirectory;
import io.pluralign.steering.domain.UserSteering;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@link ProfileDirectory} current from {@code profile.changed} records ({@link ProfileReplay} feeds every
 * instance the whole compacted topic from its start, so after a restart it holds each user's latest profile again); a
 * deletion there (with its version) removes the profile. {@code user.erased} (once per erasure, in the service's consumer
 * group) drops the user's cached steering and unpublished generation events.
 * An unreadable record is logged and skipped: it is the producer's bug, and a later version supersedes it.
 */
@Component
class ProfileListener {
    private static final Logger log = LoggerFactory.getLogger(ProfileListener.class);

    private final ProfileDirectory profiles;
    private final UserSteering steering;
    private final OutboxStore outbox;
    private final EventReader<ProfileChanged> changes;
    private final EventReader<UserErased> erasures;

    ProfileListener(ProfileDirectory profiles, UserSteering steering, OutboxStore outbox, JsonMapper json) {
        this.profiles = profiles;
        this.steering = steering;
        this.outbox = outbox;
        this.changes = EventReader.of(json, new TypeReference<CloudEvent<ProfileChanged>>() {});
        this.erasures = EventReader.of(json, new TypeReference<CloudEvent<UserErased>>() {});
    }

    /** Applies one record of the compacted {@code profile.changed} topic (called by {@link ProfileReplay}). */
    void onProfileChanged(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return; // a tombstone follows a deletion event, which already removed the profile
        }
        CloudEvent<ProfileChanged> event;
        try {
            event = changes.read(record.value());
        } catch (RuntimeException e) {
            log.warn("skipping an unreadable profile.changed record at offset {}: {}", record.offset(), e.getMessage());
            return;
        }
        ProfileChanged change = event.data();
        if (change == null) {
            log.warn("skipping a profile.changed record without data at offset {}", record.offset());
            return;
        }
        if (change.deleted()) {
            profiles.remove(change.tenantId(), change.userId(), change.version());
            steering.forget(change.tenantId(), change.userId());
        } else {
            profiles.update(change.tenantId(), change.userId(), change.version(), change.profile());
        }
    }

    @KafkaListener(
            id = "steering-erasures",
            topics = Topics.USER_ERASED,
            groupId = "steering-service",
            autoStartup = "${pluralign.steering.profiles.listen:true}")
    void onUserErased(ConsumerRecord<String, String> record) {
        CloudEvent<UserErased> event;
        try {
            event = erasures.read(record.value());
        } catch (RuntimeException e) {
            log.warn("skipping an unreadable user.erased record at offset {}: {}", record.offset(), e.getMessage());
            return;
        }
        UserErased erased = event.data();
        steering.forget(erased.tenantId(), erased.userId());
        int dropped = outbox.deleteKey(EventKeys.of(erased.tenantId(), erased.userId()));
        log.info("erased {}: dropped {} unpublished generation events", record.key(), dropped);
    }
}
