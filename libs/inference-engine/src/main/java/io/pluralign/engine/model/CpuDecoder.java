package io.pluralign.engine.model;

import java.util.Map;

/**
 * Decode steps computed in plain Java on the CPU ({@link io.pluralign.engine.model.cpu}), reading the model's weights
 * and writing its {@link KvCache} in place, so steps on this path and on the tensor path interleave freely. Its
 * logits match the tensor path's up to float rounding; within the path a row's logits never depend on the other
 * rows. Used for steps of few rows, where the tensor path's per-op overhead and matrix-vector kernels dominate.
 */
public interface CpuDecoder extends AutoCloseable {

    /**
     * One decode step of cache slots [0, tokens.length): row i feeds {@code tokens[i]} at {@code positions[i]}.
     *
     * @param steering layer -> [rows * hidden] vectors added after that layer (zero rows for unsteered rows)
     * @return [rows * vocab] logits
     */
    float[] decode(int[] tokens, int[] positions, Map<Integer, float[]> steering);

    @Override
    void close();
}
