package io.pluralign.steering.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.contracts.profile.ProfileDocument;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileDirectoryTest {
    private static ProfileDocument strength(double s) {
        return new ProfileDocument(null, null, Map.of(), null, null, s, false);
    }

    @Test
    void onlyNewerVersionsReplaceAProfile() {
        ProfileDirectory profiles = new ProfileDirectory();
        assertThat(profiles.update("t", "u", 2, strength(1))).isTrue();
        assertThat(profiles.update("t", "u", 1, strength(0.5))).isFalse();
        assertThat(profiles.find("t", "u").orElseThrow().profile().strength()).isEqualTo(1);
        assertThat(profiles.find("other", "u")).isEmpty();
    }

    @Test
    void aDeletionRemovesTheProfileAndOlderVersionsCannotBringItBack() {
        ProfileDirectory profiles = new ProfileDirectory();
        profiles.update("t", "u", 3, strength(1));
        profiles.remove("t", "u", 4);
        assertThat(profiles.find("t", "u")).isEmpty();
        assertThat(profiles.update("t", "u", 3, strength(1))).isFalse();
        assertThat(profiles.find("t", "u")).isEmpty();
        assertThat(profiles.update("t", "u", 5, strength(2))).isTrue();
        assertThat(profiles.find("t", "u").orElseThrow().version()).isEqualTo(5);
    }
}
