package io.pluralign.profile.events;

import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.EventKeys;
import io.pluralign.contracts.events.EventTypes;
import io.pluralign.contracts.events.ProfileChanged;
import io.pluralign.contracts.events.Topics;
import io.pluralign.contracts.events.UserErased;
import io.pluralign.outbox.OutboxStore;
import io.pluralign.profile.domain.Profile;
import io.pluralign.profile.domain.UserKey;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Queues {@code profile.changed} events in the outbox, inside the transaction of the change. */
@Component
public class ProfileEvents {
    static final String SOURCE = "/pluralign/profile-service";

    private final OutboxStore outbox;
    private final JsonMapper json;

    public ProfileEvents(OutboxStore outbox, JsonMapper json) {
        this.outbox = outbox;
        this.json = json;
    }

    public void changed(Profile profile) {
        changed(List.of(profile));
    }

    /** Each of these new versions, in order, in as few statements as the outbox allows (hundreds per statement). */
    public void changed(List<Profile> profiles) {
        List<OutboxStore.NewRecord> records = new ArrayList<>(profiles.size());
        for (Profile profile : profiles) {
            ProfileChanged payload = new ProfileChanged(
                    profile.user().tenantId(),
                    profile.user().userId(),
                    profile.version(),
                    false,
                    profile.updatedBy(),
                    profile.body());
            records.add(new OutboxStore.NewRecord(
                    Topics.PROFILE_CHANGED, key(profile.user()), event(profile.user(), payload)));
        }
        outbox.addAll(records);
    }

    /**
     * An erasure: the profile's deletion event, then a tombstone so that compaction eventually removes the user's
     * profile from the topic as well, and {@code user.erased} so that every other service forgets the user. The
     * user's earlier events leave the outbox, sent or not: on a compacted state topic the erasure supersedes them, and
     * they are copies of the profile being erased.
     */
    public void deleted(UserKey user, long version, String actor) {
        outbox.deleteKey(EventKeys.of(user.tenantId(), user.userId()));
        publish(user, new ProfileChanged(user.tenantId(), user.userId(), version, true, actor, null));
        String key = EventKeys.of(user.tenantId(), user.userId());
        outbox.add(Topics.PROFILE_CHANGED, key, null);
        CloudEvent<UserErased> erased = CloudEvent.of(
                SOURCE,
                EventTypes.USER_ERASED,
                user.tenantId(),
                key,
                new UserErased(user.tenantId(), user.userId(), actor));
        outbox.add(Topics.USER_ERASED, key, json.writeValueAsString(erased));
    }

    private void publish(UserKey user, ProfileChanged payload) {
        outbox.add(Topics.PROFILE_CHANGED, key(user), event(user, payload));
    }

    private static String key(UserKey user) {
        return EventKeys.of(user.tenantId(), user.userId());
    }

    private String event(UserKey user, ProfileChanged payload) {
        return json.writeValueAsString(
                CloudEvent.of(SOURCE, EventTypes.PROFILE_CHANGED, user.tenantId(), key(user), payload));
    }
}
