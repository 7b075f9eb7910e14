package io.pluralign.engine;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Repetition penalty, then greedy argmax (temperature 0) or temperature, top-k and top-p sampling from a seeded
 * generator owned by the sequence, so a seed reproduces its tokens.
 */
final class StandardSampler implements Sampler {

    private final SamplingParams params;
    private final SplittableRandom random;
    private float[] scratch = new float[0];
    private Integer[] order = new Integer[0];

    StandardSampler(SamplingParams params) {
        this.params = params;
        this.random = new SplittableRandom(params.seed());
    }

    @Override
    public int sample(float[] logits, int offset, int vocab, int[] history, int historyLength) {
        if (scratch.length != vocab) {
            scratch = new float[vocab];
        }
        float[] z = scratch;
        System.arraycopy(logits, offset, z, 0, vocab);
        if (params.repetitionPenalty() != 1f) {
            boolean[] seen = new boolean[vocab];
            for (int i = 0; i < historyLength; i++) {
                int t = history[i];
                if (t >= 0 && t < vocab && !seen[t]) {
                    seen[t] = true;
                    z[t] = z[t] > 0 ? z[t] / params.repetitionPenalty() : z[t] * params.repetitionPenalty();
                }
            }
        }
        if (params.temperature() == 0f) {
            return argmax(z);
        }
        return draw(z);
    }

    private int draw(float[] z) {
        int vocab = z.length;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double[] p = new double[vocab];
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            p[i] = Math.exp((z[i] - max) / params.temperature());
            sum += p[i];
        }
        int[] candidates = candidates(p, sum);
        double total = 0;
        for (int c : candidates) {
            total += p[c];
        }
        double u = random.nextDouble() * total;
        for (int c : candidates) {
            u -= p[c];
            if (u <= 0) {
                return c;
            }
        }
        return candidates[candidates.length - 1];
    }

    /** Token ids kept by top-k and top-p, most probable first (all tokens when neither is set). */
    private int[] candidates(double[] p, double sum) {
        int vocab = p.length;
        if (params.topK() == 0 && params.topP() >= 1f) {
            int[] all = new int[vocab];
            for (int i = 0; i < vocab; i++) {
                all[i] = i;
            }
            return all;
        }
        if (order.length != vocab) {
            order = new Integer[vocab];
        }
        for (int i = 0; i < vocab; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
        int keep = params.topK() == 0 ? vocab : Math.min(params.topK(), vocab);
        if (params.topP() < 1f) {
            double kept = 0;
            for (int i = 0; i < keep; i++) {
                kept += p[order[i]] / sum;
                if (kept >= params.topP()) {
                    keep = i + 1;
                    break;
                }
            }
        }
        int[] ids = new int[keep];
        for (int i = 0; i < keep; i++) {
            ids[i] = order[i];
        }
        return ids;
    }

    static int argmax(float[] z) {
        int best = 0;
        for (int i = 1; i < z.length; i++) {
            if (z[i] > z[best]) {
                best = i;
            }
        }
        return best;
    }
}
