package io.pluralign.trainer.events;

import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.EventKeys;
import io.pluralign.contracts.events.EventTypes;
import io.pluralign.contracts.events.ProfileLearned;
import io.pluralign.contracts.events.RewardModelUpdated;
import io.pluralign.contracts.events.SteeringUpdated;
import io.pluralign.contracts.events.Topics;
import io.pluralign.outbox.OutboxStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What learning publishes, written to the outbox inside the caller's transaction (so an update and its event commit
 * together, and a restart repeats neither): {@code profile.learned}, {@code reward-model.updated} and {@code
 * steering.updated}.
 */
@Component
public class LearnedEvents {
    static final String SOURCE = "/pluralign/trainer-service";

    private final OutboxStore outbox;
    private final JsonMapper json;
    private final FollowedProfiles profiles;

    LearnedEvents(OutboxStore outbox, JsonMapper json, FollowedProfiles profiles) {
        this.outbox = outbox;
        this.json = json;
        this.profiles = profiles;
    }

    /**
     * Users' learned weights, for profile-service, one statement per few hundred; nothing for a user without a profile
     * (profile-service would drop it) or who opted out. {@code feedbackIds} are, by user, the feedback events each
     * update takes in for the first time. Returns how many events were written.
     */
    public int usersLearned(
            String tenant,
            Map<String, List<Double>> weights,
            long rewardModelVersion,
            Map<String, List<String>> feedbackIds) {
        List<OutboxStore.NewRecord> records = new ArrayList<>();
        weights.forEach((user, w) -> {
            String key = EventKeys.of(tenant, user);
            long version = profiles.version(key);
            if (version >= 1 && !profiles.isOptedOut(key)) {
                ProfileLearned data = new ProfileLearned(
                        tenant, user, version, w, rewardModelVersion, feedbackIds.getOrDefault(user, List.of()));
                records.add(new OutboxStore.NewRecord(
                        Topics.PROFILE_LEARNED,
                        key,
                        json.writeValueAsString(CloudEvent.of(SOURCE, EventTypes.PROFILE_LEARNED, tenant, key, data))));
            }
        });
        outbox.addAll(records);
        return records.size();
    }

    public void modelUpdated(RewardModelUpdated model) {
        add(
                Topics.REWARD_MODEL_UPDATED,
                model.tenantId(),
                CloudEvent.of(SOURCE, EventTypes.REWARD_MODEL_UPDATED, model.tenantId(), model.tenantId(), model));
    }

    public void steeringUpdated(SteeringUpdated steering) {
        add(
                Topics.STEERING_UPDATED,
                steering.tenantId(),
                CloudEvent.of(SOURCE, EventTypes.STEERING_UPDATED, steering.tenantId(), steering.tenantId(), steering));
    }

    private void add(String topic, String key, CloudEvent<?> event) {
        outbox.add(topic, key, json.writeValueAsString(event));
    }
}
