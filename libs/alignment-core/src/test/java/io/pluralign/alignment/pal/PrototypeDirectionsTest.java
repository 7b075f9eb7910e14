package io.pluralign.alignment.pal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrototypeDirectionsTest {

    @Test
    void eachPrototypeTakesTheDifferencesOfItsMembersScaledToTheTargetNorm() {
        List<PrototypeDirections.Attributed> comparisons = List.of(
                new PrototypeDirections.Attributed(new double[] {1, 0}, new float[][] {{2, 0, 0}}),
                new PrototypeDirections.Attributed(new double[] {0.9, 0.1}, new float[][] {{1, 0, 0}}),
                new PrototypeDirections.Attributed(new double[] {0, 1}, new float[][] {{0, -4, 0}}));
        float[][][] directions = PrototypeDirections.of(comparisons, 2, new double[] {0.5});
        assertThat(directions[0][0][0]).isCloseTo(0.5f, within(1e-6f));
        assertThat(directions[0][0][1]).isZero();
        // prototype 1: mostly the third comparison's direction, a little of the second's
        assertThat(directions[1][0][1]).isLessThan(-0.49f);
        assertThat(directions[1][0][0]).isGreaterThan(0f);
        double norm = Math.hypot(directions[1][0][0], directions[1][0][1]);
        assertThat(norm).isCloseTo(0.5, within(1e-6));
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
