package io.pluralign.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class Float32Test {

    @Test
    void aMatrixRoundTripsRowMajor() {
        double[][] m = {{1, 2, 3}, {-4.5, 0, 6}};
        assertThat(Float32.decodeMatrix(Float32.encodeMatrix(m), 2)).isDeepEqualTo(m);
        assertThatThrownBy(() -> Float32.decodeMatrix(Float32.encodeMatrix(m), 4))
                .hasMessageContaining("6 values do not make 4 equal rows");
    }

    @Test
    void aRewardModelEventCarriesItsParameters() {
        RewardModelUpdated event = new RewardModelUpdated(
                "acme",
                3,
                "mini@abc",
                3,
                2,
                1,
                Float32.encode(new double[] {0.5, -0.5}),
                2.0,
                Float32.encodeMatrix(new double[][] {{1, 2}}),
                Float32.encodeMatrix(new double[][] {{1}, {-1}}),
                100,
                10,
                0.8,
                Instant.EPOCH);
        assertThat(event.projectionMatrix()).isDeepEqualTo(new double[][] {{1, 2}});
        assertThat(event.prototypeMatrix()).isDeepEqualTo(new double[][] {{1}, {-1}});
        assertThat(event.centreVector()).containsExactly(0.5, -0.5);
    }
}
