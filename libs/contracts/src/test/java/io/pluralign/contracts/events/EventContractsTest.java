package io.pluralign.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluralign.contracts.profile.ProfileDocument;
import io.pluralign.contracts.profile.ProfileDocument.BigFive;
import io.pluralign.contracts.profile.ProfileDocument.Trait;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventContractsTest {
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void profileChangedSerialisesAsAStructuredCloudEvent() {
        var payload = new ProfileChanged(
                "acme",
                "u1",
                3,
                false,
                "key:k1",
                new ProfileDocument(
                        BigFive.of(java.util.stream.DoubleStream.of(0.1, 0.2, 0.3, 0.4, 0.5)
                                .mapToObj(v -> new Trait(v, ProfileDocument.Sources.DECLARED, Instant.EPOCH))
                                .toList()),
                        null,
                        Map.of("style.formality", 0.5),
                        "brief",
                        null,
                        1.0,
                        false));
        CloudEvent<ProfileChanged> event = CloudEvent.of(
                "/pluralign/profile-service", EventTypes.PROFILE_CHANGED, "acme", EventKeys.of("acme", "u1"), payload);

        JsonNode node = json.readTree(json.writeValueAsString(event));

        assertThat(node.path("specversion").asString()).isEqualTo("1.0");
        assertThat(node.path("type").asString()).isEqualTo("io.pluralign.profile.changed.v1");
        assertThat(node.path("subject").asString()).isEqualTo("acme:u1");
        assertThat(node.path("datacontenttype").asString()).isEqualTo("application/json");
        assertThat(node.path("time").asString()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        assertThat(node.path("data")
                        .path("profile")
                        .path("bigFive")
                        .path("neuroticism")
                        .path("value")
                        .asDouble())
                .isEqualTo(0.5);
        assertThat(node.path("data").has("deleted")).isTrue();
    }

    @Test
    void aDeletedProfileCarriesNoBody() {
        assertThatThrownBy(() -> new ProfileChanged(
                        "acme", "u1", 2, true, "key:k1", new ProfileDocument(null, null, null, null, null, 1, false)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ProfileChanged("acme", "u1", 2, true, "key:k1", null).profile())
                .isNull();
    }

    @Test
    void keysAreTenantColonUser() {
        assertThat(EventKeys.of("acme", "u:1")).isEqualTo("acme:u:1");
        assertThatThrownBy(() -> EventKeys.of("ac:me", "u1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void topicsAreDistinctAndTheProfileAndTenantDeletionTopicsAreCompacted() {
        assertThat(new HashSet<>(Topics.ALL.stream().map(TopicSpec::name).toList()))
                .hasSize(Topics.ALL.size());
        assertThat(Topics.ALL)
                .filteredOn(TopicSpec::compacted)
                .extracting(TopicSpec::name)
                .containsExactlyInAnyOrder(Topics.PROFILE_CHANGED, Topics.TENANT_DELETED);
    }
}
