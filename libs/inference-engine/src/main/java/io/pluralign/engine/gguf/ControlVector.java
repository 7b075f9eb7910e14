package io.pluralign.engine.gguf;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One steering direction per transformer layer, as exchanged with repeng and llama.cpp.
 *
 * <p>A key {@code L} of {@link #directions()} is a Pluralign layer index: the vector is added to the residual stream at
 * the output of transformer block {@code L} (0-based), which is Hugging Face {@code hidden_states[L + 1]}. How that
 * maps onto the {@code direction.N} tensors of a GGUF file is documented on {@link ControlVectorFiles}; layer 0 is
 * valid here but has no form in that file format.
 *
 * <p>The record holds its own copies: changing an array passed in, or one handed out by {@link #directions()}, changes
 * nothing here. Two control vectors are equal when their hint, size and every value are.
 *
 * @param modelHint the model family the vector was made for, free-form (repeng writes Hugging Face's
 *     {@code model_type}, such as {@code "mistral"}); may be empty, never null
 * @param hiddenSize the model's hidden size, which is the length of every vector
 * @param directions Pluralign layer index to vector: at least one layer, indices {@code >= 0}, finite values
 */
public record ControlVector(String modelHint, int hiddenSize, SortedMap<Integer, float[]> directions) {

    /** Larger than any model's hidden size (the largest are near 2^14); a bound on what a file may make us allocate. */
    static final int MAX_HIDDEN_SIZE = 1 << 20;

    public ControlVector {
        Objects.requireNonNull(modelHint, "modelHint must not be null (use \"\" when the model is unknown)");
        if (hiddenSize <= 0 || hiddenSize > MAX_HIDDEN_SIZE) {
            throw new IllegalArgumentException(
                    "hiddenSize must be between 1 and " + MAX_HIDDEN_SIZE + ", was " + hiddenSize);
        }
        Objects.requireNonNull(directions, "directions must not be null");
        if (directions.isEmpty()) {
            throw new IllegalArgumentException("directions must hold at least one layer");
        }
        TreeMap<Integer, float[]> copy = new TreeMap<>();
        for (Map.Entry<Integer, float[]> entry : directions.entrySet()) {
            Integer layer = entry.getKey();
            float[] vector = entry.getValue();
            if (layer == null) {
                throw new IllegalArgumentException("directions has a null layer index");
            }
            if (layer < 0) {
                throw new IllegalArgumentException("layer index must be >= 0, was " + layer);
            }
            if (vector == null) {
                throw new IllegalArgumentException("layer " + layer + " has no vector (null)");
            }
            if (vector.length != hiddenSize) {
                throw new IllegalArgumentException(
                        "layer " + layer + " has " + vector.length + " values, but hiddenSize is " + hiddenSize);
            }
            int bad = firstNonFinite(vector);
            if (bad >= 0) {
                throw new IllegalArgumentException("layer " + layer + ", element " + bad + " is " + vector[bad]
                        + ": steering needs finite values");
            }
            if (copy.put(layer, vector.clone()) != null) {
                throw new IllegalArgumentException("layer " + layer + " appears twice");
            }
        }
        directions = Collections.unmodifiableSortedMap(copy);
    }

    /** Layer index to vector, in ascending layer order; a fresh copy on every call. */
    @Override
    public SortedMap<Integer, float[]> directions() {
        TreeMap<Integer, float[]> copy = new TreeMap<>();
        directions.forEach((layer, vector) -> copy.put(layer, vector.clone()));
        return Collections.unmodifiableSortedMap(copy);
    }

    /** The layers this vector steers, in ascending order. */
    public SortedSet<Integer> layers() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(directions.keySet()));
    }

    /** Index of the first NaN or infinite value, or -1 when all are finite. */
    static int firstNonFinite(float[] vector) {
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof ControlVector)) {
            return false;
        }
        ControlVector that = (ControlVector) other;
        if (hiddenSize != that.hiddenSize
                || !modelHint.equals(that.modelHint)
                || !directions.keySet().equals(that.directions.keySet())) {
            return false;
        }
        for (Map.Entry<Integer, float[]> entry : directions.entrySet()) {
            if (!Arrays.equals(entry.getValue(), that.directions.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = Objects.hash(modelHint, hiddenSize);
        for (Map.Entry<Integer, float[]> entry : directions.entrySet()) {
            hash = 31 * hash + entry.getKey();
            hash = 31 * hash + Arrays.hashCode(entry.getValue());
        }
        return hash;
    }

    /** Hint, size and layers; never the values, which run to thousands per layer. */
    @Override
    public String toString() {
        return "ControlVector[modelHint=" + modelHint + ", hiddenSize=" + hiddenSize + ", layers=" + directions.keySet()
                + "]";
    }
}
