package io.pluralign.alignment.steering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LeastSquaresTest {
    private final Random random = new Random(7);

    @Test
    void aCombinationOfTheVectorsIsFoundExactly() {
        float[] a = gaussian(40);
        float[] b = gaussian(40);
        float[] c = gaussian(40);
        float[] target = new float[40];
        Vectors.addScaled(target, a, 0.5);
        Vectors.addScaled(target, b, -2);
        Vectors.addScaled(target, c, 0.25);
        assertThat(LeastSquares.fit(List.of(a, b, c), target))
                .containsExactly(new double[] {0.5, -2, 0.25}, within(1e-5));
    }

    @Test
    void whatNoCombinationReachesIsLeftOverAndOrthogonalToEveryVector() {
        List<float[]> basis = List.of(gaussian(30), gaussian(30), gaussian(30));
        float[] target = gaussian(30);
        double[] c = LeastSquares.fit(basis, target);
        float[] residual = target.clone();
        for (int j = 0; j < basis.size(); j++) {
            Vectors.addScaled(residual, basis.get(j), -c[j]);
        }
        assertThat(Vectors.norm(residual)).isGreaterThan(1);
        for (float[] b : basis) {
            assertThat(Vectors.dot(residual, b)).isCloseTo(0, within(1e-3));
        }
    }

    @Test
    void dependentAndZeroVectorsGetNothing() {
        float[] a = {1, 0, 0};
        float[] twiceA = {2, 0, 0};
        float[] b = {1, 1, 0};
        double[] c = LeastSquares.fit(List.of(a, new float[3], twiceA, b), new float[] {3, 2, 5});
        assertThat(c).containsExactly(new double[] {1, 0, 0, 2}, within(1e-9));
        assertThat(LeastSquares.fit(List.of(), new float[] {1, 2})).isEmpty();
    }

    @Test
    void aSystemIsSolvedForEveryRightHandSideAndAVariableWithNothingOnItsDiagonalGetsZero() {
        // 2x + y = 5, x + 3y = 10 (and twice that on the right); z appears nowhere
        double[][] a = {{2, 1, 0}, {1, 3, 0}, {0, 0, 0}};
        double[][] b = {{5, 10}, {10, 20}, {7, 7}};
        double[][] x = LeastSquares.solve(a, b);
        assertThat(x[0]).containsExactly(new double[] {1, 2}, within(1e-12));
        assertThat(x[1]).containsExactly(new double[] {3, 6}, within(1e-12));
        assertThat(x[2]).containsExactly(0, 0);
        assertThat(a[0]).as("the inputs are left as they were").containsExactly(2, 1, 0);
        assertThat(b[2]).containsExactly(7, 7);
    }

    private float[] gaussian(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
