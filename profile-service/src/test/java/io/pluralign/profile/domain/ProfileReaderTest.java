package io.pluralign.profile.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluralign.contracts.profile.ProfileDocument;
import io.pluralign.servicekit.web.ApiException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProfileReaderTest {
    private static final Instant NOW = Instant.parse("2026-11-28T00:00:00Z");
    private final JsonMapper json = JsonMapper.builder().build();

    private ProfileDocument read(String body, ProfileDocument current, boolean admin) {
        return ProfileReader.read(json.readTree(body), current, NOW, 2, admin);
    }

    @Test
    void safetyLeftOutStaysAndOnlyAnAdminChangesOrClearsIt() {
        ProfileDocument withSafety = read("{\"safety\":{\"enforced\":{\"safety.privacy\":0.5}}}", null, true);
        assertThat(read("{\"strength\":0.5}", withSafety, false).safety()).isEqualTo(withSafety.safety());
        assertThatThrownBy(() -> read("{\"safety\":null}", withSafety, false))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN));
        assertThat(read("{\"safety\":null}", withSafety, true).safety()).isNull();
    }

    @Test
    void aMergePatchRemovesTheMembersItNulls() {
        ProfileDocument withSafety = read("{\"safety\":{\"enforced\":{\"safety.privacy\":0.5}}}", null, true);
        JsonNode patch = json.readTree("{\"safety\":null}");
        JsonNode merged = JsonMerge.apply(json.valueToTree(withSafety), patch);
        assertThat(merged.has("safety")).isFalse();
        assertThat(patch.has("safety")).isTrue();
    }

    @Test
    void unchangedValuesKeepTheirSourceAndChangedOnesAreDeclaredNow() {
        String traits = "{\"bigFive\":{\"openness\":0.5,\"conscientiousness\":0.5,\"extraversion\":0.5,"
                + "\"agreeableness\":0.5,\"neuroticism\":0.5},\"palWeights\":[0.25,0.75]}";
        ProfileDocument first = ProfileReader.read(json.readTree(traits), null, Instant.EPOCH, 2, false);
        ProfileDocument second = read(traits.replace("\"neuroticism\":0.5", "\"neuroticism\":0.6"), first, false);
        assertThat(second.bigFive().openness()).isEqualTo(first.bigFive().openness());
        assertThat(second.bigFive().neuroticism().setAt()).isEqualTo(NOW);
        assertThat(second.bigFive().neuroticism().source()).isEqualTo(ProfileDocument.Sources.DECLARED);
        assertThat(second.palWeights()).isSameAs(first.palWeights());
    }
}
