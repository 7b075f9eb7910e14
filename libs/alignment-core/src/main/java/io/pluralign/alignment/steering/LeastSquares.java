package io.pluralign.alignment.steering;

import java.util.List;

/**
 * The combination of some vectors nearest to a target: coefficients {@code c} minimising {@code |target - sum c_j
 * b_j|}, from the normal equations in double. A vector that adds (almost) nothing to the span of the others before it
 * gets coefficient 0, so dependent or zero vectors do not make the answer blow up.
 */
public final class LeastSquares {

    /** Below this fraction of its own squared norm, what a vector adds to the span counts as nothing. */
    private static final double DEPENDENT = 1e-8;

    private LeastSquares() {}

    /** The coefficients of {@code basis} (all of {@code target}'s length) whose combination is nearest to it. */
    public static double[] fit(List<float[]> basis, float[] target) {
        int n = basis.size();
        double[][] a = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                a[i][j] = Vectors.dot(basis.get(i), basis.get(j));
                a[j][i] = a[i][j];
            }
            a[i][n] = Vectors.dot(basis.get(i), target);
        }
        // Gauss-Jordan on the symmetric positive semi-definite system, pivoting in order: a pivot that has lost almost
        // all of its diagonal is a vector dependent on the earlier ones, and is dropped
        boolean[] dropped = new boolean[n];
        for (int p = 0; p < n; p++) {
            double original = Vectors.dot(basis.get(p), basis.get(p));
            if (!(a[p][p] > DEPENDENT * original) || original == 0) {
                dropped[p] = true;
                for (int r = 0; r < n; r++) {
                    a[r][p] = 0;
                    a[p][r] = 0;
                }
                a[p][n] = 0;
                a[p][p] = 1;
                continue;
            }
            double pivot = a[p][p];
            for (int c = p; c <= n; c++) {
                a[p][c] /= pivot;
            }
            for (int r = 0; r < n; r++) {
                if (r != p && a[r][p] != 0) {
                    double f = a[r][p];
                    for (int c = p; c <= n; c++) {
                        a[r][c] -= f * a[p][c];
                    }
                }
            }
        }
        double[] coefficients = new double[n];
        for (int i = 0; i < n; i++) {
            coefficients[i] = dropped[i] ? 0 : a[i][n];
        }
        return coefficients;
    }
}
