package io.pluralign.profile.events;

import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.EventKeys;
import io.pluralign.contracts.events.EventTypes;
import io.pluralign.contracts.events.ProfileLearned;
import io.pluralign.contracts.events.Topics;
import io.pluralign.profile.domain.LearnedProfiles;
import io.pluralign.profile.domain.PalWeightsRule;
import io.pluralign.profile.domain.UserKey;
import io.pluralign.servicekit.events.DeadLetters;
import io.pluralign.servicekit.events.EventReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes {@code profile.learned}: each usable event becomes a new profile version (or is skipped for a reason the
 * service decides, once per event id); an unusable one goes to {@code profile.learned.dlq} with the reason, so it
 * neither blocks the partition nor disappears. Failures of the database or the broker are thrown, and the container
 * retries them with back-off until they pass: nothing is skipped for being transient.
 */
@Component
class LearnedProfileListener {
    private static final Logger log = LoggerFactory.getLogger(LearnedProfileListener.class);

    private final LearnedProfiles profiles;
    private final KafkaTemplate<String, String> kafka;
    private final EventReader<ProfileLearned> events;

    LearnedProfileListener(LearnedProfiles profiles, KafkaTemplate<String, String> kafka, JsonMapper json) {
        this.profiles = profiles;
        this.kafka = kafka;
        this.events = EventReader.of(json, new TypeReference<CloudEvent<ProfileLearned>>() {});
    }

    /** An event that cannot be used as it is. */
    private static final class Unusable extends Exception {
        Unusable(String reason) {
            super(reason);
        }
    }

    /**
     * A polled batch: unusable records go to the dead-letter topic; the rest apply in order, in one transaction (a
     * failure, the database away, retries the batch; each event applies once).
     */
    @KafkaListener(
            topics = Topics.PROFILE_LEARNED,
            groupId = "profile-service",
            batch = "true",
            autoStartup = "${pluralign.profile.learned.listen:true}")
    void onLearned(List<ConsumerRecord<String, String>> records) throws Exception {
        List<LearnedProfiles.LearnedUpdate> usable = new ArrayList<>(records.size());
        List<String> keys = new ArrayList<>(records.size());
        Map<ConsumerRecord<String, String>, String> unusable = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                usable.add(parse(record));
                keys.add(record.key());
            } catch (Unusable e) {
                unusable.put(record, e.getMessage());
            }
        }
        List<LearnedProfiles.LearnedOutcome> outcomes = usable.isEmpty() ? List.of() : profiles.apply(usable);
        DeadLetters.sendAll(kafka, Topics.PROFILE_LEARNED_DLQ, unusable);
        for (int i = 0; i < outcomes.size(); i++) {
            LearnedProfiles.LearnedOutcome outcome = outcomes.get(i);
            if (outcome == LearnedProfiles.LearnedOutcome.APPLIED
                    || outcome == LearnedProfiles.LearnedOutcome.DUPLICATE) {
                log.debug("profile.learned {} for {}: {}", usable.get(i).eventId(), keys.get(i), outcome);
            } else {
                log.info("profile.learned {} for {}: {}", usable.get(i).eventId(), keys.get(i), outcome);
            }
        }
    }

    private LearnedProfiles.LearnedUpdate parse(ConsumerRecord<String, String> record) throws Unusable {
        CloudEvent<ProfileLearned> event;
        try {
            event = events.read(record.value());
        } catch (RuntimeException e) {
            throw new Unusable("not a CloudEvent with a profile.learned payload: " + e.getMessage());
        }
        if (!EventTypes.PROFILE_LEARNED.equals(event.type()) || event.data() == null) {
            throw new Unusable("expected type " + EventTypes.PROFILE_LEARNED + " with data, got " + event.type());
        }
        ProfileLearned data = event.data();
        UserKey user;
        try {
            user = new UserKey(data.tenantId(), data.userId());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new Unusable("bad user: " + e.getMessage());
        }
        if (data.tenantId() == null
                || !EventKeys.of(data.tenantId(), data.userId()).equals(record.key())) {
            throw new Unusable("the record key " + record.key() + " is not the payload's tenant:user");
        }
        if (data.basedOnVersion() < 1 || data.rewardModelVersion() < 0) {
            throw new Unusable("basedOnVersion must be at least 1 and rewardModelVersion at least 0");
        }
        return new LearnedProfiles.LearnedUpdate(
                event.id(),
                user,
                data.basedOnVersion(),
                weights(data.palWeights(), profiles.prototypes(user)),
                data.rewardModelVersion());
    }

    private static List<Double> weights(List<Double> weights, int prototypes) throws Unusable {
        Optional<String> count = PalWeightsRule.countProblem(weights == null ? 0 : weights.size(), prototypes);
        if (count.isPresent()) {
            throw new Unusable("palWeights " + count.get());
        }
        try {
            return PalWeightsRule.normalised(weights);
        } catch (IllegalArgumentException e) {
            throw new Unusable("palWeights " + e.getMessage());
        }
    }
}
