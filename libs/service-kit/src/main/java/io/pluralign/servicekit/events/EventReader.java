package io.pluralign.servicekit.events;

import io.pluralign.contracts.events.CloudEvent;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one type of event from a topic, built once per consumer. It ignores fields it does not know: during a rolling
 * upgrade a newer producer adds fields before every consumer knows them, and an event must not be dead-lettered or
 * skipped for that (request bodies stay strict, so a misspelt field there is a 400). A missing required value or a
 * wrong type still fails.
 */
public final class EventReader<T> {
    private final ObjectReader reader;

    private EventReader(ObjectReader reader) {
        this.reader = reader;
    }

    /** A reader of {@code CloudEvent<T>}, given as {@code new TypeReference<CloudEvent<T>>() {}}. */
    public static <T> EventReader<T> of(JsonMapper json, TypeReference<CloudEvent<T>> type) {
        return new EventReader<>(json.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
    }

    /**
     * The event in {@code value}.
     *
     * @throws tools.jackson.core.JacksonException when it is not JSON of that shape
     */
    public CloudEvent<T> read(String value) {
        return reader.readValue(value);
    }
}
