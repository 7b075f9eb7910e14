package io.pluralign.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.TreeMap;

/**
 * One forward pass over a batch of rows: embedding, every block with its steering added to the residual stream after
 * it, pooled activations captured where asked, and logits. Everything crosses to the host as plain arrays, so callers
 * never hold NDArrays; run it inside an {@code NDScope}.
 */
public final class ForwardPass {

    /** What to return as logits. */
    public enum Logits {
        /** [batch, vocab] at each row's last real token. */
        LAST,
        /** [batch, tokens, vocab] at every position. */
        ALL,
        /** None (activation capture only). */
        NONE
    }

    /**
     * @param tokens [batch * tokens] row-major ids, right-padded
     * @param lastIndex per row, the index of its last real token
     * @param steering layer -> [batch * hidden] vectors added after that layer (zero rows for unsteered rows); may be
     *     empty
     * @param captureLayers layers whose residual stream is pooled; may be empty
     * @param poolWeights [batch * tokens] pooling weights per row (sum 1 over the pooled range), or null without capture
     */
    public record Input(
            long[] tokens,
            int[] lastIndex,
            Map<Integer, float[]> steering,
            int[] captureLayers,
            float[] poolWeights,
            Logits logits) {}

    /**
     * @param logits [batch * vocab] or [batch * tokens * vocab], or empty
     * @param pooled layer -> [batch * hidden]
     */
    public record Output(float[] logits, Map<Integer, float[]> pooled) {}

    private ForwardPass() {}

    public static Output run(CausalLm model, ForwardContext context, Input input) {
        NDManager m = context.manager();
        int b = context.batchSize();
        int n = context.tokens();
        int h = model.config().hiddenSize();
        NDArray x = model.embed(m.create(input.tokens(), new Shape(b, n)), context); // [batch, tokens, hidden]
        NDArray poolWeights = input.captureLayers().length == 0
                ? null
                : m.create(input.poolWeights(), new Shape(b, 1, n)); // [batch, 1, tokens]
        Map<Integer, float[]> pooled = new TreeMap<>();
        for (int layer = 0; layer < model.config().numLayers(); layer++) {
            x = model.block(layer, x, context);
            float[] steer = input.steering().get(layer);
            if (steer != null) {
                x = x.add(m.create(steer, new Shape(b, 1, h)));
            }
            for (int captured : input.captureLayers()) {
                if (captured == layer) {
                    pooled.put(layer, poolWeights.matMul(x).toFloatArray());
                }
            }
        }
        float[] logits;
        switch (input.logits()) {
            case LAST:
                long[] rows = new long[b];
                long[] columns = new long[b];
                for (int i = 0; i < b; i++) {
                    rows[i] = i;
                    columns[i] = input.lastIndex()[i];
                }
                NDArray last = x.get(new NDIndex("{}, {}", m.create(rows), m.create(columns))); // [batch, hidden]
                logits = model.logits(last).toFloatArray();
                break;
            case ALL:
                logits = model.logits(x).toFloatArray();
                break;
            default:
                logits = new float[0];
        }
        return new Output(logits, pooled);
    }
}
