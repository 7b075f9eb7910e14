package io.pluralign.reward.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluralign.contracts.events.Float32;
import io.pluralign.contracts.events.RewardModelUpdated;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RewardModelsTest {

    private static RewardModelUpdated version(long v, double prototype) {
        return new RewardModelUpdated(
                "acme",
                v,
                "mini@1",
                3,
                2,
                1,
                Float32.encode(new double[] {0, 0}),
                1,
                Float32.encodeMatrix(new double[][] {{1, 0}}),
                Float32.encodeMatrix(new double[][] {{prototype}, {-prototype}}),
                10,
                2,
                0.9,
                Instant.EPOCH);
    }

    @Test
    void theNewestVersionIsServedAndAnOlderOneArrivingLateIsIgnored() {
        RewardModels models = new RewardModels();
        assertThat(models.update(version(2, 1))).isTrue();
        assertThat(models.update(version(1, 5))).isFalse();
        assertThat(models.find("acme").orElseThrow().version()).isEqualTo(2);
        RewardModels.Served served = models.find("acme").orElseThrow();
        // weights on prototype 0 (at +1) prefer an answer embedded at +1 over one at -1
        assertThat(served.model().preferenceProbability(new double[] {1, 0}, new float[] {1, 0}, new float[] {-1, 0}))
                .isGreaterThan(0.9);
        assertThat(models.find("other")).isEmpty();
    }

    @Test
    void anEventWhoseShapesDisagreeIsRefused() {
        RewardModelUpdated broken = new RewardModelUpdated(
                "acme",
                1,
                "mini@1",
                3,
                2,
                1,
                Float32.encode(new double[] {0, 0, 0}),
                1,
                Float32.encodeMatrix(new double[][] {{1, 0}}),
                Float32.encodeMatrix(new double[][] {{1}, {-1}}),
                10,
                2,
                0.9,
                Instant.EPOCH);
        assertThatThrownBy(() -> new RewardModels().update(broken)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aUsersWeightsFollowTheirLatestProfileVersion() {
        UserWeights users = new UserWeights();
        users.update("acme", "u", 3, List.of(0.5, 0.5), "learned");
        users.update("acme", "u", 2, List.of(1.0, 0.0), "seeded");
        assertThat(users.find("acme", "u").orElseThrow().weights()).containsExactly(0.5, 0.5);
        users.remove("acme", "u", 4);
        assertThat(users.find("acme", "u")).isEmpty();
    }
}
