package io.pluralign.alignment.pal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PalModelTest {
    private static final int E = 6;

    private static double[] vector(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    private static List<Comparison> comparisons(Random r, int n) {
        List<Comparison> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Comparison(i % 2 == 0 ? "ann" : "bob", vector(r, E), vector(r, E)));
        }
        return out;
    }

    @Test
    void gradientsMatchFiniteDifferencesForEveryParameter() {
        Random r = new Random(1);
        PalModel model = PalModel.random(E, 3, 4, 2);
        List<Comparison> data = comparisons(r, 10);
        Map<String, double[]> thetas = new HashMap<>(Map.of("ann", vector(r, 4), "bob", vector(r, 4)));
        PalModel.Gradients g = model.lossAndGradients(data, thetas);
        double h = 1e-6;
        for (int d = 0; d < 3; d++) {
            for (int i = 0; i < E; i++) {
                double saved = model.projection()[d][i];
                model.projection()[d][i] = saved + h;
                double up = model.lossAndGradients(data, thetas).loss();
                model.projection()[d][i] = saved - h;
                double down = model.lossAndGradients(data, thetas).loss();
                model.projection()[d][i] = saved;
                assertThat(g.projection()[d][i]).isCloseTo((up - down) / (2 * h), within(1e-6));
            }
        }
        for (int k = 0; k < 4; k++) {
            for (int d = 0; d < 3; d++) {
                double saved = model.prototypes()[k][d];
                model.prototypes()[k][d] = saved + h;
                double up = model.lossAndGradients(data, thetas).loss();
                model.prototypes()[k][d] = saved - h;
                double down = model.lossAndGradients(data, thetas).loss();
                model.prototypes()[k][d] = saved;
                assertThat(g.prototypes()[k][d]).isCloseTo((up - down) / (2 * h), within(1e-6));
            }
        }
        for (String user : List.of("ann", "bob")) {
            double[] theta = thetas.get(user);
            for (int k = 0; k < 4; k++) {
                double saved = theta[k];
                theta[k] = saved + h;
                double up = model.lossAndGradients(data, thetas).loss();
                theta[k] = saved - h;
                double down = model.lossAndGradients(data, thetas).loss();
                theta[k] = saved;
                assertThat(g.theta().get(user)[k]).isCloseTo((up - down) / (2 * h), within(1e-6));
            }
        }
    }

    @Test
    void theRewardIsTheNegativeSquaredDistanceToTheUsersIdealPoint() {
        PalModel model = new PalModel(new double[][] {{1, 0}, {0, 1}}, new double[][] {{1, 0}, {0, 1}});
        double[] onlyFirst = {50, -50}; // softmax -> weights (1, 0)
        assertThat(model.reward(onlyFirst, new double[] {1, 0})).isCloseTo(0, within(1e-12));
        assertThat(model.reward(onlyFirst, new double[] {0, 1})).isCloseTo(-2, within(1e-12));
        assertThat(model.preferenceProbability(onlyFirst, new double[] {1, 0}, new double[] {0, 1}))
                .isGreaterThan(0.85);
        assertThat(PalModel.weights(new double[] {0, 0})).containsExactly(0.5, 0.5);
    }
}
