package io.pluralign.alignment.steering;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a concept's direction at one layer from paired activations (positive text, negative text), holding every
 * {@value #HELD_OUT_EVERY}th pair out to score how well the direction separates pairs it was not fitted on.
 *
 * <p>The principal component is that of the uncentred differences: RepE flips pair order at random before a centred
 * PCA, which makes the mean zero, so both find the direction of largest mean squared projection.
 */
public final class ContrastAnalysis {

    /** One pair in this many is held out for scoring. */
    public static final int HELD_OUT_EVERY = 4;

    /** Held-out CAA accuracy a layer needs to be chosen for steering (when some layer reaches it). */
    public static final double MIN_ACCURACY = 0.7;

    private static final int POWER_ITERATIONS = 200;

    /** Reported when held-out differences do not vary at all (keeps the number finite for JSON). */
    static final double MAX_EFFECT = 1000;

    private ContrastAnalysis() {}

    /**
     * Fits one layer.
     *
     * @param positives per pair, the pooled activation of the positive text; at least {@value #HELD_OUT_EVERY} pairs
     * @param negatives per pair, that of the negative text
     */
    public static LayerFit fit(int layer, List<float[]> positives, List<float[]> negatives, double typicalNorm) {
        if (positives.size() != negatives.size()) {
            throw new IllegalArgumentException(positives.size() + " positives but " + negatives.size() + " negatives");
        }
        if (positives.size() < HELD_OUT_EVERY) {
            throw new IllegalArgumentException(
                    "a concept needs at least " + HELD_OUT_EVERY + " contrast pairs, got " + positives.size());
        }
        List<float[]> train = new ArrayList<>();
        List<float[]> heldOut = new ArrayList<>();
        List<float[]> trainPositives = new ArrayList<>();
        List<float[]> trainNegatives = new ArrayList<>();
        for (int i = 0; i < positives.size(); i++) {
            float[] d = positives.get(i).clone();
            Vectors.addScaled(d, negatives.get(i), -1);
            boolean held = i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1;
            (held ? heldOut : train).add(d);
            if (!held) {
                trainPositives.add(positives.get(i));
                trainNegatives.add(negatives.get(i));
            }
        }
        int h = train.get(0).length;
        float[] mean = new float[h];
        for (float[] d : train) {
            Vectors.addScaled(mean, d, 1.0 / train.size());
        }
        float[] principal = principalComponent(train, mean);
        double meanProjection = 0;
        for (float[] d : train) {
            meanProjection += Vectors.dot(d, principal) / train.size();
        }
        if (meanProjection < 0) {
            principal = Vectors.scaled(principal, -1);
            meanProjection = -meanProjection;
        }
        principal = Vectors.scaled(principal, meanProjection);
        float[] unit = Vectors.unit(mean);
        return new LayerFit(
                layer,
                mean,
                principal,
                accuracy(heldOut, mean),
                accuracy(heldOut, principal),
                effectSize(heldOut, mean),
                meanProjection(trainPositives, unit),
                meanProjection(trainNegatives, unit),
                typicalNorm);
    }

    private static double meanProjection(List<float[]> activations, float[] direction) {
        double sum = 0;
        for (float[] a : activations) {
            sum += Vectors.dot(a, direction);
        }
        return sum / activations.size();
    }

    /**
     * The layers to steer: by held-out CAA accuracy (then effect size), those reaching {@link #MIN_ACCURACY}, at most
     * {@code maxLayers}; the single best when none does. The first block is skipped in models of more than two layers
     * (its output is still mostly the token embedding).
     */
    public static int[] chooseLayers(List<LayerFit> fits, int maxLayers) {
        if (fits.isEmpty() || maxLayers < 1) {
            throw new IllegalArgumentException("need at least one fitted layer and maxLayers >= 1");
        }
        List<LayerFit> candidates = new ArrayList<>(fits);
        if (fits.size() > 2) {
            candidates.removeIf(f -> f.layer() == 0);
        }
        candidates.sort(Comparator.comparingDouble(LayerFit::meanDifferenceAccuracy)
                .thenComparingDouble(LayerFit::effectSize)
                .reversed());
        List<Integer> chosen = new ArrayList<>();
        for (LayerFit f : candidates) {
            if (chosen.size() < maxLayers && f.meanDifferenceAccuracy() >= MIN_ACCURACY) {
                chosen.add(f.layer());
            }
        }
        if (chosen.isEmpty()) {
            chosen.add(candidates.get(0).layer());
        }
        return chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** The default number of steered layers for a model of {@code numLayers}: a third of them, at least one. */
    public static int defaultMaxLayers(int numLayers) {
        return Math.max(1, (numLayers + 2) / 3);
    }

    /** Unit top eigenvector of sum d d^T by power iteration, started from {@code start} (deterministic). */
    static float[] principalComponent(List<float[]> rows, float[] start) {
        int h = start.length;
        double[] v = new double[h];
        double n0 = Vectors.norm(start);
        for (int i = 0; i < h; i++) {
            v[i] = n0 > 0 ? start[i] / n0 : (i == 0 ? 1 : 0);
        }
        for (int it = 0; it < POWER_ITERATIONS; it++) {
            double[] next = new double[h];
            for (float[] d : rows) {
                double p = 0;
                for (int i = 0; i < h; i++) {
                    p += d[i] * v[i];
                }
                for (int i = 0; i < h; i++) {
                    next[i] += p * d[i];
                }
            }
            double norm = 0;
            for (double x : next) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                break;
            }
            double change = 0;
            for (int i = 0; i < h; i++) {
                next[i] /= norm;
                change += Math.abs(next[i] - v[i]);
            }
            v = next;
            if (change < 1e-9) {
                break;
            }
        }
        float[] out = new float[h];
        for (int i = 0; i < h; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    private static double accuracy(List<float[]> differences, float[] direction) {
        if (differences.isEmpty()) {
            return Double.NaN;
        }
        int right = 0;
        for (float[] d : differences) {
            if (Vectors.dot(d, direction) > 0) {
                right++;
            }
        }
        return (double) right / differences.size();
    }

    private static double effectSize(List<float[]> differences, float[] direction) {
        float[] unit = Vectors.unit(direction);
        double sum = 0;
        double squares = 0;
        for (float[] d : differences) {
            double p = Vectors.dot(d, unit);
            sum += p;
            squares += p * p;
        }
        int n = differences.size();
        double mean = sum / n;
        double variance = n > 1 ? (squares - n * mean * mean) / (n - 1) : 0;
        return variance > 0 ? mean / Math.sqrt(variance) : Math.signum(mean) * MAX_EFFECT;
    }
}
