package io.pluralign.alignment.pal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrototypeDirectionsTest {

    @Test
    void eachPrototypeTakesTheMeanDifferenceOfItsMembersAndOnlyTheLongestReachesTheTargetNorm() {
        List<PrototypeDirections.Attributed> comparisons = List.of(
                new PrototypeDirections.Attributed(new double[] {1, 0}, new float[][] {{2, 0, 0}}),
                new PrototypeDirections.Attributed(new double[] {1, 0}, new float[][] {{2, 0, 0}}),
                // prototype 1's members disagree: their differences mostly cancel
                new PrototypeDirections.Attributed(new double[] {0, 1}, new float[][] {{0, 3, 0}}),
                new PrototypeDirections.Attributed(new double[] {0, 1}, new float[][] {{0, -2, 0}}));
        float[][][] directions = PrototypeDirections.of(comparisons, 2, new double[] {0.5});
        assertThat(directions[0][0][0]).isCloseTo(0.5f, within(1e-6f));
        assertThat(directions[0][0][1]).isZero();
        // mean (0, 0.5, 0) against prototype 0's mean (2, 0, 0): a quarter as long
        assertThat(directions[1][0][1]).isCloseTo(0.125f, within(1e-6f));
        assertThat(directions[1][0][0]).isZero();
    }

    @Test
    void aPrototypeNobodyBelongsToStaysZero() {
        float[][][] directions = PrototypeDirections.of(
                List.of(new PrototypeDirections.Attributed(new double[] {1, 0}, new float[][] {{1, 1}})),
                2,
                new double[] {1});
        assertThat(directions[1][0]).containsOnly(0f);
    }
}
