package io.pluralign.engine.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW with global-norm gradient clipping, through DJL's fused native Adam update (one call per parameter, which also
 * zeroes its gradient). Moment estimates live in their own manager, so per-step scopes never close them.
 */
final class AdamW implements AutoCloseable {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.95f;
    private static final float EPS = 1e-8f;

    private final NDManager manager;
    private final List<NDArray> parameters;
    private final List<NDArray> first = new ArrayList<>();
    private final List<NDArray> second = new ArrayList<>();
    private final float weightDecay;
    private final float clipNorm;
    private int step;

    AdamW(NDManager parent, List<NDArray> parameters, float weightDecay, float clipNorm) {
        this.manager = parent.newSubManager();
        this.parameters = parameters;
        this.weightDecay = weightDecay;
        this.clipNorm = clipNorm;
        for (NDArray p : parameters) {
            first.add(manager.zeros(p.getShape()));
            second.add(manager.zeros(p.getShape()));
        }
    }

    /**
     * One update with {@code learningRate}; returns the gradient norm before clipping. Zeroes the gradients. A step
     * whose gradients are not finite changes nothing (and returns the non-finite norm).
     */
    float update(float learningRate) {
        step++;
        List<NDArray> gradients = new ArrayList<>(parameters.size());
        NDList squares = new NDList(parameters.size());
        for (NDArray p : parameters) {
            NDArray g = p.getGradient();
            gradients.add(g);
            squares.add(g.square().sum());
        }
        float norm = (float) Math.sqrt(NDArrays.stack(squares).sum().getFloat());
        if (!Float.isFinite(norm)) {
            // One inf or NaN gradient would poison every weight through the clipping scale: skip this step.
            step--;
            for (NDArray g : gradients) {
                g.set(new NDIndex("..."), 0f); // multiplying by 0 would keep the NaNs
            }
            return norm;
        }
        float rescale = norm > clipNorm ? clipNorm / norm : 1f;
        float biasCorrected =
                learningRate * (float) Math.sqrt(1 - Math.pow(BETA2, step)) / (float) (1 - Math.pow(BETA1, step));
        for (int i = 0; i < parameters.size(); i++) {
            NDArray p = parameters.get(i);
            float decay = p.getShape().dimension() > 1 ? weightDecay : 0f;
            p.getNDArrayInternal()
                    .adamUpdate(
                            new NDList(p, gradients.get(i), first.get(i), second.get(i)),
                            new NDList(p),
                            learningRate,
                            biasCorrected,
                            decay,
                            rescale,
                            -1f,
                            BETA1,
                            BETA2,
                            EPS,
                            true,
                            true);
        }
        return norm;
    }

    @Override
    public void close() {
        manager.close();
    }
}
