package io.pluralign.steering.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The typical norm of one token's residual stream at each layer of the served model: the scale steering is measured
 * in (the norm budget is a fraction of it). Measured once, as the median last-token norm over sample answers.
 */
public final class ResidualNorms {
    private final double[] byLayer;

    private ResidualNorms(double[] byLayer) {
        this.byLayer = byLayer;
    }

    /** Measures on those of {@code candidates} that fit the context (a few dozen are plenty), 8 per batched pass. */
    public static ResidualNorms measure(ActivationReader reader, List<ActivationReader.Answer> candidates) {
        List<ActivationReader.Answer> samples =
                candidates.stream().filter(reader::fits).toList();
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("need sample texts to measure residual norms");
        }
        int[] layers = reader.allLayers();
        List<List<Double>> norms = new ArrayList<>();
        for (int l = 0; l < layers.length; l++) {
            norms.add(new ArrayList<>());
        }
        for (int from = 0; from < samples.size(); from += 8) {
            float[][][] acts = reader.lastToken(samples.subList(from, Math.min(samples.size(), from + 8)), layers);
            for (float[][] text : acts) {
                for (int l = 0; l < layers.length; l++) {
                    double sum = 0;
                    for (float x : text[l]) {
                        sum += x * x;
                    }
                    norms.get(l).add(Math.sqrt(sum));
                }
            }
        }
        double[] median = new double[layers.length];
        for (int l = 0; l < layers.length; l++) {
            List<Double> values = new ArrayList<>(norms.get(l));
            values.sort(null);
            median[l] = values.get(values.size() / 2);
        }
        return new ResidualNorms(median);
    }

    public static ResidualNorms of(double... byLayer) {
        return new ResidualNorms(byLayer.clone());
    }

    public double at(int layer) {
        return byLayer[layer];
    }

    public int layers() {
        return byLayer.length;
    }
}
