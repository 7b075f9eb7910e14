package io.pluralign.engine.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW with global-norm gradient clipping, updating parameters in place outside autograd. Its moment estimates live in
 * their own manager, so per-step scopes never close them.
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

    /** One update with {@code learningRate}; returns the gradient norm before clipping. Zeroes the gradients. */
    float update(float learningRate) {
        step++;
        List<NDArray> gradients = new ArrayList<>();
        double squares = 0;
        for (NDArray p : parameters) {
            NDArray g = p.getGradient();
            gradients.add(g);
            squares += g.square().sum().getFloat();
        }
        float norm = (float) Math.sqrt(squares);
        float scale = norm > clipNorm ? clipNorm / norm : 1f;
        float correction1 = 1 - (float) Math.pow(BETA1, step);
        float correction2 = 1 - (float) Math.pow(BETA2, step);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray p = parameters.get(i);
            NDArray g = gradients.get(i).mul(scale);
            NDArray m = first.get(i);
            NDArray v = second.get(i);
            m.muli(BETA1).addi(g.mul(1 - BETA1));
            v.muli(BETA2).addi(g.square().muli(1 - BETA2));
            NDArray update = m.div(correction1).divi(v.div(correction2).sqrt().addi(EPS));
            if (weightDecay > 0 && p.getShape().dimension() > 1) {
                update.addi(p.mul(weightDecay));
            }
            p.subi(update.muli(learningRate));
            gradients.get(i).muli(0);
        }
        return norm;
    }

    @Override
    public void close() {
        manager.close();
    }
}
