package io.pluralign.trainer.events;

import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.TenantDeleted;
import io.pluralign.contracts.events.Topics;
import io.pluralign.servicekit.events.EventReader;
import io.pluralign.servicekit.events.TopicFollower;
import java.util.Set;
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
 * The tenants the gateway deleted, from the compacted {@code tenant.deleted} topic (read whole by every instance):
 * their users' feedback goes to the dead-letter topic instead of being stored.
 */
@Configuration(proxyBeanMethods = false)
public class DeletedTenants {
    private static final Logger log = LoggerFactory.getLogger(DeletedTenants.class);

    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    private final EventReader<TenantDeleted> events;
    private volatile TopicFollower follower;

    DeletedTenants(JsonMapper json) {
        this.events = EventReader.of(json, new TypeReference<CloudEvent<TenantDeleted>>() {});
    }

    @Bean
    TopicFollower deletedTenantFollower(
            ConsumerFactory<String, String> consumers,
            @Value("${pluralign.trainer.feedback.listen:true}") boolean enabled) {
        follower = new TopicFollower(consumers, Topics.TENANT_DELETED, this::onTenantDeleted, enabled);
        return follower;
    }

    /** Whether every deletion made before this instance started has been read. */
    public boolean caughtUp() {
        return follower != null && follower.caughtUp();
    }

    public boolean isDeleted(String tenantId) {
        return deleted.contains(tenantId);
    }

    void onTenantDeleted(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return;
        }
        try {
            TenantDeleted event = events.read(record.value()).data();
            if (deleted.add(event.tenantId())) {
                log.info(
                        "tenant {} was deleted by {}: its feedback goes to the dead-letter topic",
                        event.tenantId(),
                        event.deletedBy());
            }
        } catch (RuntimeException e) {
            log.warn("ignoring an unreadable tenant.deleted record at offset {}: {}", record.offset(), e.toString());
        }
    }
}
