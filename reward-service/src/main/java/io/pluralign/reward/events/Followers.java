package io.pluralign.reward.events;

import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.ProfileChanged;
import io.pluralign.contracts.events.RewardModelUpdated;
import io.pluralign.contracts.events.Topics;
import io.pluralign.reward.domain.RewardModels;
import io.pluralign.reward.domain.UserWeights;
import io.pluralign.servicekit.events.EventReader;
import io.pluralign.servicekit.events.TopicFollower;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The topics every reward-service instance reads whole: {@code reward-model.updated} (each tenant's latest version is
 * served) and the compacted {@code profile.changed} (each user's latest PAL weights). Health is out of service until
 * both have caught up. An unreadable record is logged and skipped: a later one supersedes it.
 */
@Configuration(proxyBeanMethods = false)
class Followers {
    private static final Logger log = LoggerFactory.getLogger(Followers.class);

    private final RewardModels models;
    private final UserWeights users;
    private final EventReader<RewardModelUpdated> modelEvents;
    private final EventReader<ProfileChanged> profileEvents;

    Followers(RewardModels models, UserWeights users, JsonMapper json) {
        this.models = models;
        this.users = users;
        this.modelEvents = EventReader.of(json, new TypeReference<CloudEvent<RewardModelUpdated>>() {});
        this.profileEvents = EventReader.of(json, new TypeReference<CloudEvent<ProfileChanged>>() {});
    }

    @Bean
    TopicFollower rewardModelFollower(
            ConsumerFactory<String, String> consumers, @Value("${pluralign.reward.listen:true}") boolean enabled) {
        return new TopicFollower(consumers, Topics.REWARD_MODEL_UPDATED, this::onRewardModel, enabled);
    }

    @Bean
    TopicFollower profileFollower(
            ConsumerFactory<String, String> consumers, @Value("${pluralign.reward.listen:true}") boolean enabled) {
        return new TopicFollower(consumers, Topics.PROFILE_CHANGED, this::onProfile, enabled);
    }

    void onRewardModel(ConsumerRecord<String, String> record) {
        try {
            RewardModelUpdated event = modelEvents.read(record.value()).data();
            if (models.update(event)) {
                log.info("serving reward model {} v{}", event.tenantId(), event.version());
            }
        } catch (RuntimeException e) {
            log.warn("skipping a reward-model.updated record at offset {}: {}", record.offset(), e.getMessage());
        }
    }

    void onProfile(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return;
        }
        try {
            ProfileChanged change = profileEvents.read(record.value()).data();
            if (change.deleted()) {
                users.remove(change.tenantId(), change.userId(), change.version());
            } else {
                var pal = change.profile().palWeights();
                users.update(
                        change.tenantId(),
                        change.userId(),
                        change.version(),
                        pal == null ? null : pal.weights(),
                        pal == null ? null : pal.source());
            }
        } catch (RuntimeException e) {
            log.warn("skipping a profile.changed record at offset {}: {}", record.offset(), e.getMessage());
        }
    }
}
