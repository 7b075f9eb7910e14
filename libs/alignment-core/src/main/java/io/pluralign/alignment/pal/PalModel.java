package io.pluralign.alignment.pal;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The shared part of a PAL reward model: a linear projection {@code f(e) = W e} from embeddings (dimension E) into a
 * preference space (dimension D), and K prototype points in it. A user is {@code theta} (K numbers); their weights are
 * {@code w = softmax(theta)}, their ideal point {@code a = sum_k w_k p_k}, and their reward for an item {@code
 * r(e) = -|| W e - a ||^2}.
 *
 * @param projection W, [D][E]
 * @param prototypes p, [K][D]
 */
public record PalModel(double[][] projection, double[][] prototypes) {

    public PalModel {
        if (projection.length == 0 || prototypes.length == 0 || prototypes[0].length != projection.length) {
            throw new IllegalArgumentException("prototypes must live in the projection's space");
        }
    }

    /** A model with small random parameters (seeded), for training from scratch. */
    public static PalModel random(int embedding, int space, int prototypes, long seed) {
        Random r = new Random(seed);
        double[][] w = new double[space][embedding];
        double scale = 1 / Math.sqrt(embedding);
        for (double[] row : w) {
            for (int i = 0; i < row.length; i++) {
                row[i] = scale * r.nextGaussian();
            }
        }
        double[][] p = new double[prototypes][space];
        for (double[] row : p) {
            for (int i = 0; i < row.length; i++) {
                row[i] = r.nextGaussian();
            }
        }
        return new PalModel(w, p);
    }

    public int embeddingSize() {
        return projection[0].length;
    }

    public int spaceSize() {
        return projection.length;
    }

    public int prototypeCount() {
        return prototypes.length;
    }

    /** A deep copy. */
    public PalModel copy() {
        return new PalModel(deepCopy(projection), deepCopy(prototypes));
    }

    /** softmax(theta). */
    public static double[] weights(double[] theta) {
        double[] w = new double[theta.length];
        weightsInto(theta, w);
        return w;
    }

    /** {@link #weights} written into {@code w} (hot loops reuse one array). */
    static void weightsInto(double[] theta, double[] w) {
        double max = theta.length == 0 ? 0 : Double.NEGATIVE_INFINITY;
        for (double t : theta) {
            max = Math.max(max, t);
        }
        double sum = 0;
        for (int k = 0; k < theta.length; k++) {
            w[k] = Math.exp(theta[k] - max);
            sum += w[k];
        }
        for (int k = 0; k < w.length; k++) {
            w[k] /= sum;
        }
    }

    /** The user's ideal point for weights {@code w}. */
    public double[] idealPoint(double[] w) {
        double[] a = new double[spaceSize()];
        for (int k = 0; k < prototypes.length; k++) {
            for (int d = 0; d < a.length; d++) {
                a[d] += w[k] * prototypes[k][d];
            }
        }
        return a;
    }

    /** W e. */
    public double[] project(double[] e) {
        double[] z = new double[spaceSize()];
        for (int d = 0; d < z.length; d++) {
            double s = 0;
            double[] row = projection[d];
            for (int i = 0; i < e.length; i++) {
                s += row[i] * e[i];
            }
            z[d] = s;
        }
        return z;
    }

    /** The reward of an item for a user with {@code theta}. */
    public double reward(double[] theta, double[] e) {
        double[] a = idealPoint(weights(theta));
        double[] z = project(e);
        double s = 0;
        for (int d = 0; d < z.length; d++) {
            double diff = z[d] - a[d];
            s += diff * diff;
        }
        return -s;
    }

    /** P(chosen preferred to rejected) for this user: sigmoid of the reward difference. */
    public double preferenceProbability(double[] theta, double[] chosen, double[] rejected) {
        return sigmoid(reward(theta, chosen) - reward(theta, rejected));
    }

    /** Gradients of a loss with respect to the shared parameters and each user's theta. */
    public record Gradients(double[][] projection, double[][] prototypes, Map<String, double[]> theta, double loss) {}

    /**
     * Mean Bradley-Terry loss {@code -log sigmoid(r(chosen) - r(rejected))} over {@code comparisons}, and its gradients.
     * Users missing from {@code thetas} have theta 0 (uniform weights).
     */
    public Gradients lossAndGradients(List<Comparison> comparisons, Map<String, double[]> thetas) {
        int dim = spaceSize();
        int k = prototypeCount();
        double[][] gw = new double[dim][embeddingSize()];
        double[][] gp = new double[k][dim];
        Map<String, double[]> gt = new java.util.HashMap<>();
        double loss = 0;
        double n = comparisons.size();
        for (Comparison c : comparisons) {
            double[] theta = thetas.getOrDefault(c.user(), new double[k]);
            double[] w = weights(theta);
            double[] a = idealPoint(w);
            double[] zp = project(c.chosen());
            double[] zn = project(c.rejected());
            double rp = 0;
            double rn = 0;
            for (int d = 0; d < dim; d++) {
                zp[d] -= a[d];
                zn[d] -= a[d];
                rp -= zp[d] * zp[d];
                rn -= zn[d] * zn[d];
            }
            double margin = rp - rn;
            loss += softplus(-margin) / n;
            double g = -sigmoid(-margin) / n; // dL/dmargin
            // margin = -|zp|^2 + |zn|^2: d/dW = -2 zp e+^T + 2 zn e-^T; d/da = 2 zp - 2 zn
            double[] ga = new double[dim];
            for (int d = 0; d < dim; d++) {
                double[] row = gw[d];
                double cp = -2 * zp[d] * g;
                double cn = 2 * zn[d] * g;
                for (int i = 0; i < row.length; i++) {
                    row[i] += cp * c.chosen()[i] + cn * c.rejected()[i];
                }
                ga[d] = (2 * zp[d] - 2 * zn[d]) * g;
            }
            // a = sum_k w_k p_k: d/dp_k = w_k ga; d/dtheta_j = w_j (p_j - a) . ga
            double[] gTheta = gt.computeIfAbsent(c.user(), u -> new double[k]);
            for (int j = 0; j < k; j++) {
                double dot = 0;
                for (int d = 0; d < dim; d++) {
                    gp[j][d] += w[j] * ga[d];
                    dot += (prototypes[j][d] - a[d]) * ga[d];
                }
                gTheta[j] += w[j] * dot;
            }
        }
        return new Gradients(gw, gp, gt, loss);
    }

    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    static double softplus(double x) {
        return x > 30 ? x : Math.log1p(Math.exp(x));
    }

    private static double[][] deepCopy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
        }
        return out;
    }
}
