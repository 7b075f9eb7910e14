package io.pluralign.engine;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One sequence's steering: per layer, a vector added to the residual stream at the output of that transformer block
 * (layer 0 is the first block), over the token positions of {@code scope}. Vectors are copied on construction.
 */
public record Steering(SortedMap<Integer, float[]> vectors, Scope scope) {

    /** Which token positions a sequence's steering applies to. */
    public enum Scope {
        /** The prompt (prefill) only. */
        PROMPT,
        /** Generated tokens only. */
        GENERATED,
        /** Every position. */
        ALL
    }

    /** No steering. */
    public static final Steering NONE = new Steering(new TreeMap<>(), Scope.ALL);

    public Steering {
        if (scope == null) {
            throw new IllegalArgumentException("steering scope must be given");
        }
        TreeMap<Integer, float[]> copy = new TreeMap<>();
        int length = -1;
        for (Map.Entry<Integer, float[]> e : vectors.entrySet()) {
            if (e.getKey() == null || e.getKey() < 0) {
                throw new IllegalArgumentException("steering layer must be >= 0, got " + e.getKey());
            }
            float[] v = e.getValue();
            if (length >= 0 && v.length != length) {
                throw new IllegalArgumentException("steering vectors have different lengths");
            }
            length = v.length;
            for (float f : v) {
                if (!Float.isFinite(f)) {
                    throw new IllegalArgumentException("steering vector for layer " + e.getKey() + " is not finite");
                }
            }
            copy.put(e.getKey(), v.clone());
        }
        vectors = Collections.unmodifiableSortedMap(copy);
    }

    /** Steering of every position with {@code vectors}. */
    public static Steering of(Map<Integer, float[]> vectors) {
        return new Steering(new TreeMap<>(vectors), Scope.ALL);
    }

    public boolean isEmpty() {
        return vectors.isEmpty();
    }

    /** Whether it applies during the prompt ({@code prompt} true) or during generation. */
    boolean appliesTo(boolean prompt) {
        return scope == Scope.ALL || (scope == Scope.PROMPT) == prompt;
    }

    /** The same directions scaled by {@code factor}. */
    public Steering scaled(float factor) {
        TreeMap<Integer, float[]> scaled = new TreeMap<>();
        vectors.forEach((layer, v) -> {
            float[] s = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                s[i] = v[i] * factor;
            }
            scaled.put(layer, s);
        });
        return new Steering(scaled, scope);
    }
}
