package io.pluralign.engine.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AdamWTest {

    @Test
    void aStepWithFiniteGradientsMovesTheWeightsDownhill() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray p = manager.create(new float[] {1f, -2f, 3f});
            p.setRequiresGradient(true);
            try (AdamW adam = new AdamW(manager, List.of(p), 0f, 1f)) {
                backward(() -> p.square().sum());
                assertThat(adam.update(0.1f)).isFinite().isPositive();
                float[] after = p.toFloatArray();
                assertThat(after[0]).isLessThan(1f);
                assertThat(after[1]).isGreaterThan(-2f);
                assertThat(after[2]).isLessThan(3f);
            }
        }
    }

    @Test
    void aStepWithANonFiniteGradientLeavesTheWeightsAlone() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray p = manager.create(new float[] {1f, -2f, 3f});
            p.setRequiresGradient(true);
            try (AdamW adam = new AdamW(manager, List.of(p), 0f, 1f)) {
                backward(() -> p.sqrt().sum()); // d sqrt(x)/dx is NaN at -2
                assertThat(adam.update(0.1f)).isNaN();
                assertThat(p.toFloatArray()).containsExactly(1f, -2f, 3f);
                backward(() -> p.square().sum());
                assertThat(adam.update(0.1f)).isFinite();
                assertThat(p.toFloatArray()[0]).isLessThan(1f);
            }
        }
    }

    /** Records {@code loss} (computed inside the collector, as autograd needs) and back-propagates it. */
    private static void backward(Supplier<NDArray> loss) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(loss.get());
        }
    }
}
