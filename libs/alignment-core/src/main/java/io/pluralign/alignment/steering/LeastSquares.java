package io.pluralign.alignment.steering;

import java.util.Arrays;
import java.util.List;

/**
 * Least squares through the normal equations, in double: the combination of some vectors nearest to a target (how
 * steering-service writes a learned direction in a tenant's concepts), and the solve of the symmetric positive
 * semi-definite system such equations make (also PAL's prototype directions). A variable that adds (almost)
 * nothing to the span of the ones before it gets coefficient 0, so dependent or zero vectors do not make the answer
 * blow up.
 */
public final class LeastSquares {

    /** Below this fraction of its own diagonal, what is left of a pivot counts as nothing: a dependent variable. */
    private static final double DEPENDENT = 1e-8;

    private LeastSquares() {}

    /** The coefficients of {@code basis} (all of {@code target}'s length) whose combination is nearest to it. */
    public static double[] fit(List<float[]> basis, float[] target) {
        int n = basis.size();
        double[][] gram = new double[n][n];
        double[][] moments = new double[n][1];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                gram[i][j] = Vectors.dot(basis.get(i), basis.get(j));
                gram[j][i] = gram[i][j];
            }
            moments[i][0] = Vectors.dot(basis.get(i), target);
        }
        double[][] solved = solve(gram, moments);
        double[] coefficients = new double[n];
        for (int i = 0; i < n; i++) {
            coefficients[i] = solved[i][0];
        }
        return coefficients;
    }

    /**
     * X with {@code a X = b}, for {@code a} symmetric positive semi-definite [n][n] and {@code b} [n][m] (neither is
     * changed): Gauss-Jordan pivoting in order. A pivot that has lost almost all of its diagonal belongs to a variable
     * dependent on the earlier ones; that variable's row of X is 0.
     */
    public static double[][] solve(double[][] a, double[][] b) {
        int n = a.length;
        int m = n == 0 ? 0 : b[0].length;
        double[][] x = new double[n][n + m];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, x[i], 0, n);
            System.arraycopy(b[i], 0, x[i], n, m);
        }
        boolean[] dropped = new boolean[n];
        for (int p = 0; p < n; p++) {
            double original = a[p][p];
            if (!(x[p][p] > DEPENDENT * original) || original == 0) {
                dropped[p] = true;
                for (int r = 0; r < n; r++) {
                    x[r][p] = 0;
                }
                Arrays.fill(x[p], 0);
                x[p][p] = 1;
                continue;
            }
            double pivot = x[p][p];
            for (int c = p; c < n + m; c++) {
                x[p][c] /= pivot;
            }
            for (int r = 0; r < n; r++) {
                if (r != p && x[r][p] != 0) {
                    double f = x[r][p];
                    for (int c = p; c < n + m; c++) {
                        x[r][c] -= f * x[p][c];
                    }
                }
            }
        }
        double[][] out = new double[n][m];
        for (int i = 0; i < n; i++) {
            if (!dropped[i]) {
                System.arraycopy(x[i], n, out[i], 0, m);
            }
        }
        return out;
    }
}
