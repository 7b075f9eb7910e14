package io.pluralign.alignment.pal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class UserFitTest {

    @Test
    void theEvidenceGivesTheSameMarginAsTheRewardsForAnyWeights() {
        PalModel model = PalModel.random(6, 3, 4, 2);
        Random r = new Random(4);
        double[] chosen = r.doubles(6).toArray();
        double[] rejected = r.doubles(6).toArray();
        UserFit.Evidence e = UserFit.evidence(model, model.project(chosen), model.project(rejected));
        for (int trial = 0; trial < 5; trial++) {
            double[] theta = r.doubles(4, -2, 2).toArray();
            double[] w = PalModel.weights(theta);
            double margin = e.constant();
            for (int k = 0; k < 4; k++) {
                margin += 2 * w[k] * e.alignment()[k];
            }
            assertThat(margin).isCloseTo(model.reward(theta, chosen) - model.reward(theta, rejected), within(1e-9));
        }
    }
}
