package io.pluralign.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in structured JSON mode.
 *
 * @param specversion always {@code 1.0}
 * @param id unique per event; consumers deduplicate on it
 * @param source the producing service, e.g. {@code /pluralign/profile-service}
 * @param type one of {@link EventTypes}
 * @param subject what the event is about, {@code tenant:user} for user events
 * @param time when the change happened
 * @param datacontenttype always {@code application/json}
 * @param tenantid extension attribute: the tenant the event belongs to
 * @param data the payload
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent<T>(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String datacontenttype,
        String tenantid,
        T data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        if (!SPEC_VERSION.equals(specversion)) {
            throw new IllegalArgumentException("unsupported CloudEvents specversion " + specversion);
        }
    }

    /** A new event with a random id, stamped now. */
    public static <T> CloudEvent<T> of(String source, String type, String tenantId, String subject, T data) {
        return new CloudEvent<>(
                SPEC_VERSION, UUID.randomUUID().toString(), source, type, subject, Instant.now(), JSON, tenantId, data);
    }
}
