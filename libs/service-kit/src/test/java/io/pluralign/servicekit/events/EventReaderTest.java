package io.pluralign.servicekit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.TenantDeleted;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

class EventReaderTest {
    /** As the services configure it: strict, so a misspelt field in a request body is a 400. */
    private final JsonMapper strict = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final EventReader<TenantDeleted> reader =
            EventReader.of(strict, new TypeReference<CloudEvent<TenantDeleted>>() {});

    @Test
    void readsAnEventWithExtensionAttributesAndPayloadFieldsItDoesNotKnow() {
        String value = "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"/gateway\",\"type\":\"t\","
                + "\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\","
                + "\"data\":{\"tenantId\":\"acme\",\"deletedBy\":\"root\",\"reason\":\"contract ended\"}}";

        CloudEvent<TenantDeleted> event = reader.read(value);

        assertThat(event.id()).isEqualTo("e-1");
        assertThat(event.data()).isEqualTo(new TenantDeleted("acme", "root"));
    }

    @Test
    void theSameJsonFailsWithTheServicesOwnMapper() {
        String value = "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"/gateway\",\"type\":\"t\","
                + "\"traceparent\":\"x\",\"data\":{\"tenantId\":\"acme\"}}";

        assertThatThrownBy(() -> strict.readValue(value, new TypeReference<CloudEvent<TenantDeleted>>() {}))
                .isInstanceOf(JacksonException.class);
        assertThat(reader.read(value).data().tenantId()).isEqualTo("acme");
    }

    @Test
    void aValueOfTheWrongShapeOrWithoutARequiredAttributeStillFails() {
        assertThatThrownBy(() -> reader.read(
                        "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"/g\",\"type\":\"t\",\"data\":[1,2]}"))
                .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> reader.read("{\"specversion\":\"1.0\",\"id\":\"e-1\",\"data\":{}}"))
                .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> reader.read("{not json")).isInstanceOf(JacksonException.class);
    }
}
