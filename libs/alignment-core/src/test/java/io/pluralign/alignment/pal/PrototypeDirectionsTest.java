package io.pluralign.alignment.pal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrototypeDirectionsTest {

    @Test
    void eachUsersMixtureReproducesTheDifferenceTheirOwnChoicesMakeEvenWhenWeightsAreSoft() {
        // 6 users lean to prototype 0 and chose along +x; 4 lean to prototype 1 and chose along -x (the same answers,
        // the other way round). Weights are soft, as PAL's are
        List<PrototypeDirections.Attributed> comparisons = new ArrayList<>();
        for (int u = 0; u < 10; u++) {
            boolean majority = u < 6;
            double[] w = majority ? new double[] {0.6, 0.4} : new double[] {0.4, 0.6};
            for (int i = 0; i < 20; i++) {
                float x = majority ? 1 : -1;
                comparisons.add(new PrototypeDirections.Attributed(w, new float[][] {{x, i % 2 == 0 ? 0.5f : -0.5f}}));
            }
        }
        float[][][] p = PrototypeDirections.of(comparisons, 2, new double[] {1});

        double majorityMix = 0.6 * p[0][0][0] + 0.4 * p[1][0][0];
        double minorityMix = 0.4 * p[0][0][0] + 0.6 * p[1][0][0];
        assertThat(majorityMix).isPositive();
        assertThat(minorityMix)
                .as("the minority's mixture points their way, not the majority's")
                .isNegative();
        // as strongly, up to the small ridge's pull toward the majority
        assertThat(minorityMix / majorityMix).isCloseTo(-1, within(0.1));
        // what differs at random between comparisons (the second axis) cancels out
        assertThat(Math.abs(p[0][0][1])).isLessThan(0.01f);
        // the longest direction has the target norm
        assertThat(Math.max(norm(p[0][0]), norm(p[1][0]))).isCloseTo(1, within(1e-5));
    }

    @Test
    void withDistinctMembershipsEachPrototypeIsItsMembersMeanDifference() {
        List<PrototypeDirections.Attributed> comparisons = List.of(
                new PrototypeDirections.Attributed(new double[] {1, 0}, new float[][] {{2, 0, 0}}),
                new PrototypeDirections.Attributed(new double[] {1, 0}, new float[][] {{2, 0, 0}}),
                // prototype 1's members disagree: their differences mostly cancel, and it stays short
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

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
