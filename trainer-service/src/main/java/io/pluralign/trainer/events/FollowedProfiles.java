package io.pluralign.trainer.events;

import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.ProfileChanged;
import io.pluralign.contracts.events.Topics;
import io.pluralign.servicekit.events.EventReader;
import io.pluralign.servicekit.events.TopicFollower;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * What trainer-service needs of every profile, from the compacted {@code profile.changed} topic (read whole by every
 * instance): whether the user opted out of learning from their feedback (it then goes to the dead-letter topic instead
 * of being stored), and the latest version, which a learned update names as the one it started from.
 */
@Configuration(proxyBeanMethods = false)
public class FollowedProfiles {
    private static final Logger log = LoggerFactory.getLogger(FollowedProfiles.class);

    /** tenant:user to the profile version that set it; present while the user is opted out. */
    private final Map<String, Long> optedOut = new ConcurrentHashMap<>();

    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private final Map<String, Long> live = new ConcurrentHashMap<>();
    private final EventReader<ProfileChanged> events;
    private volatile TopicFollower follower;

    FollowedProfiles(JsonMapper json) {
        this.events = EventReader.of(json, new TypeReference<CloudEvent<ProfileChanged>>() {});
    }

    @Bean
    TopicFollower profileFollower(
            ConsumerFactory<String, String> consumers,
            @Value("${pluralign.trainer.feedback.listen:true}") boolean enabled) {
        follower = new TopicFollower(consumers, Topics.PROFILE_CHANGED, this::onProfileChanged, enabled);
        return follower;
    }

    /** Whether every profile that existed at start has been read (learned updates wait for it). */
    public boolean caughtUp() {
        return follower != null && follower.caughtUp();
    }

    public boolean isOptedOut(String key) {
        return optedOut.containsKey(key);
    }

    /** The latest profile version seen for {@code tenant:user}; 0 when the user has no profile (or it was deleted). */
    public long version(String key) {
        return live.getOrDefault(key, 0L);
    }

    void onProfileChanged(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return;
        }
        try {
            ProfileChanged change = events.read(record.value()).data();
            String key = change.tenantId() + ":" + change.userId();
            if (versions.getOrDefault(key, 0L) >= change.version()) {
                return;
            }
            versions.put(key, change.version());
            if (change.deleted()) {
                live.remove(key);
            } else {
                live.put(key, change.version());
            }
            if (!change.deleted() && change.profile().optOut()) {
                optedOut.put(key, change.version());
            } else {
                optedOut.remove(key);
            }
        } catch (RuntimeException e) {
            log.warn("skipping an unreadable profile.changed record at offset {}: {}", record.offset(), e.getMessage());
        }
    }
}
