package io.pluralign.trainer.events;

import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.EventKeys;
import io.pluralign.contracts.events.EventTypes;
import io.pluralign.contracts.events.ProfileLearned;
import io.pluralign.contracts.events.RewardModelUpdated;
import io.pluralign.contracts.events.SteeringUpdated;
import io.pluralign.contracts.events.Topics;
import io.pluralign.servicekit.outbox.OutboxStore;
import java.util.List;
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
     * A user's learned weights, for profile-service; nothing when the user has no profile (profile-service would drop
     * it) or opted out. Returns whether an event was written.
     */
    public boolean userLearned(String tenant, String user, List<Double> weights, long rewardModelVersion) {
        String key = EventKeys.of(tenant, user);
        long version = profiles.version(key);
        if (version < 1 || profiles.isOptedOut(key)) {
            return false;
        }
        ProfileLearned data = new ProfileLearned(tenant, user, version, weights, rewardModelVersion);
        add(Topics.PROFILE_LEARNED, key, CloudEvent.of(SOURCE, EventTypes.PROFILE_LEARNED, tenant, key, data));
        return true;
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
