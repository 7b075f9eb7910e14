package io.pluralign.alignment.pal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RewardModelTest {

    @Test
    void standardizingRemovesTheCommonComponentAndTheScale() {
        Standardizer s = Standardizer.fit(List.of(new float[] {10, 2}, new float[] {10, 4}, new float[] {10, 6}));
        assertThat(s.apply(new float[] {10, 4})).containsExactly(new double[] {0, 0}, within(1e-12));
        double[] high = s.apply(new float[] {10, 6});
        assertThat(high[0]).isZero();
        assertThat(high[1]).isCloseTo(2 / Math.sqrt(8.0 / 3), within(1e-9));
        assertThatThrownBy(() -> s.apply(new float[3])).hasMessageContaining("3 values");
    }

    @Test
    void weightsRoundTripThroughTheta() {
        double[] w = {0.7, 0.2, 0.1, 0};
        double[] back = PalModel.weights(RewardModel.thetaOf(w));
        assertThat(back[0]).isCloseTo(0.7, within(1e-6));
        assertThat(back[2]).isCloseTo(0.1, within(1e-6));
        assertThat(back[3]).isLessThan(1e-6);
    }

    @Test
    void aUserPrefersAnswersNearTheirPrototype() {
        // identity projection, prototypes at +1 and -1 on the first axis
        PalModel pal = new PalModel(new double[][] {{1, 0}, {0, 1}}, new double[][] {{1, 0}, {-1, 0}});
        RewardModel model = new RewardModel(new Standardizer(new double[2], 1), pal);
        float[] right = {1, 0};
        float[] left = {-1, 0};
        assertThat(model.preferenceProbability(new double[] {1, 0}, right, left))
                .isGreaterThan(0.9);
        assertThat(model.preferenceProbability(new double[] {0, 1}, right, left))
                .isLessThan(0.1);
        assertThat(model.preferenceProbability(new double[] {0.5, 0.5}, right, left))
                .isCloseTo(0.5, within(1e-9));
    }
}
