package io.pluralign.steering.domain;

import io.pluralign.alignment.steering.LayerFit;
import io.pluralign.alignment.steering.Vectors;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A concept's vectors on the served model: a fit per layer and the layers it steers. Imported vectors are steering
 * vectors as they are (coefficient 1 adds them unchanged); computed ones are scaled to the layer's residual norm.
 *
 * @param fits layer to fit (every layer for a computed concept, the file's layers for an imported one)
 * @param chosenLayers the layers it steers
 */
public record ConceptVectors(
        String owner,
        String conceptId,
        int conceptVersion,
        SortedMap<Integer, LayerFit> fits,
        int[] chosenLayers,
        boolean imported) {

    public ConceptVectors {
        fits = Collections.unmodifiableSortedMap(new TreeMap<>(fits));
        chosenLayers = chosenLayers.clone();
        for (int layer : chosenLayers) {
            if (!fits.containsKey(layer)) {
                throw new IllegalArgumentException("chosen layer " + layer + " has no vector");
            }
        }
    }

    @Override
    public int[] chosenLayers() {
        return chosenLayers.clone();
    }

    /**
     * The vector a coefficient of 1 adds at each chosen layer: for a computed concept, its direction with {@code
     * conceptNorm} times the layer's typical residual norm (so coefficients mean the same for every concept); an
     * imported vector as it is.
     */
    public Map<Integer, float[]> steering(LayerFit.Method method, double conceptNorm) {
        TreeMap<Integer, float[]> out = new TreeMap<>();
        for (int layer : chosenLayers) {
            out.put(layer, steeringAt(layer, method, conceptNorm));
        }
        return out;
    }

    /**
     * What a coefficient of 1 would add at {@code layer}, whether or not the concept steers there (as {@link #steering}
     * scales it); null when the concept has no vector at that layer.
     */
    public float[] steeringAt(int layer, LayerFit.Method method, double conceptNorm) {
        LayerFit fit = fits.get(layer);
        if (fit == null) {
            return null;
        }
        float[] v = fit.vector(method);
        return imported ? v : Vectors.scaled(Vectors.unit(v), conceptNorm * fit.typicalNorm());
    }

    /** The concept's unit direction at every layer it has a vector for (what safety projection protects). */
    public Map<Integer, float[]> directions() {
        TreeMap<Integer, float[]> out = new TreeMap<>();
        fits.forEach((layer, fit) -> out.put(layer, Vectors.unit(fit.meanDifference())));
        return out;
    }

    /**
     * How strongly activations express the concept, averaged over the chosen layers on the scale where its training
     * negatives average -1 and positives +1; {@code activations} is indexed like {@code layers}.
     */
    public double read(int[] layers, float[][] activations) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < layers.length; i++) {
            LayerFit fit = fits.get(layers[i]);
            if (fit != null && contains(chosenLayers, layers[i])) {
                sum += fit.read(activations[i]);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }
}
