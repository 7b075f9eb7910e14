package io.pluralign.engine;

import ai.djl.ndarray.NDScope;
import io.pluralign.engine.model.CpuDecoder;
import io.pluralign.engine.model.ForwardContext;
import io.pluralign.engine.model.ForwardPass;
import io.pluralign.engine.model.KvCache;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cached forward passes over slots of a {@link KvCache}: prefill of newly admitted rows (right-padded to one width)
 * and one-token decode steps of the running rows. Each tensor call is one {@code NDScope}, so nothing outlives it but
 * the cache. Decode steps of up to {@code cpuDecodeRows} rows go to the model's {@link CpuDecoder} when it has one.
 */
final class BatchRunner implements AutoCloseable {

    private final LanguageModel model;
    private final KvCache cache;
    private final int vocab;
    private final int hidden;
    private final CpuDecoder cpuDecoder; // null when the model has none here
    private final int cpuDecodeRows;

    BatchRunner(LanguageModel model, int slots, int maxLength, int cpuDecodeRows) {
        this.model = model;
        this.cache = new KvCache(model.manager(), model.config(), slots, maxLength);
        this.vocab = model.config().vocabSize();
        this.hidden = model.config().hiddenSize();
        this.cpuDecodeRows = cpuDecodeRows;
        this.cpuDecoder =
                cpuDecodeRows == 0 ? null : model.causalLm().cpuDecoder(cache).orElse(null);
    }

    /** Whether steps of {@code rows} rows run on the CPU decoder. */
    boolean decodesOnCpu(int rows) {
        return cpuDecoder != null && rows <= cpuDecodeRows;
    }

    KvCache cache() {
        return cache;
    }

    /**
     * Prefills rows into slots [slotStart, slotStart + rows), each continuing at its own start position.
     *
     * @return [rows * vocab] logits at each row's last token
     */
    float[] prefill(int slotStart, List<int[]> tokens, int[] startPositions, List<Steering> steering) {
        PaddedRows padded = PaddedRows.of(tokens, startPositions);
        return run(padded.positions(), slotStart, padded.ids(), padded.last(), steeringRows(steering, true));
    }

    /**
     * One decode step of rows [0, tokens.length): row i feeds {@code tokens[i]} at {@code positions[i]}.
     *
     * @return [rows * vocab] logits
     */
    float[] decode(int[] tokens, int[] positions, List<Steering> steering) {
        int rows = tokens.length;
        if (decodesOnCpu(rows)) {
            return cpuDecoder.decode(tokens, positions, steeringRows(steering, false));
        }
        long[] ids = new long[rows];
        long[][] pos = new long[rows][1];
        for (int r = 0; r < rows; r++) {
            ids[r] = tokens[r];
            pos[r][0] = positions[r];
        }
        return run(pos, 0, ids, new int[rows], steeringRows(steering, false));
    }

    private float[] run(long[][] positions, int slotStart, long[] ids, int[] last, Map<Integer, float[]> steering) {
        try (NDScope ignored = new NDScope()) {
            ForwardContext context = ForwardContext.cached(model.manager(), positions, cache, slotStart);
            return ForwardPass.run(
                            model.causalLm(),
                            context,
                            new ForwardPass.Input(ids, last, steering, new int[0], null, ForwardPass.Logits.LAST))
                    .logits();
        }
    }

    /**
     * Per steered layer, a [rows * hidden] block with each row's vector where its scope covers this phase and zeros
     * elsewhere; empty when no row is steered, so an unsteered batch runs exactly as without steering.
     */
    Map<Integer, float[]> steeringRows(List<Steering> steering, boolean prompt) {
        Map<Integer, float[]> layers = new TreeMap<>();
        int rows = steering.size();
        for (int r = 0; r < rows; r++) {
            Steering s = steering.get(r);
            if (s == null || s.isEmpty() || !s.appliesTo(prompt)) {
                continue;
            }
            for (Map.Entry<Integer, float[]> e : s.vectors().entrySet()) {
                if (e.getKey() >= model.config().numLayers() || e.getValue().length != hidden) {
                    throw new IllegalArgumentException("steering for layer " + e.getKey() + " of length "
                            + e.getValue().length + " does not fit a model of "
                            + model.config().numLayers()
                            + " layers and hidden size " + hidden);
                }
                float[] block = layers.computeIfAbsent(e.getKey(), l -> new float[rows * hidden]);
                System.arraycopy(e.getValue(), 0, block, r * hidden, hidden);
            }
        }
        return layers;
    }

    int vocab() {
        return vocab;
    }

    @Override
    public void close() {
        if (cpuDecoder != null) {
            cpuDecoder.close();
        }
        cache.close();
    }
}
