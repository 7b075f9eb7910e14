package io.pluralign.alignment.pal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
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

    /**
     * Online learning refits a user after each new comparison starting from their previous theta, with a third of the
     * steps (trainer-service's user-warm-steps): the weights must land where a fit from scratch does.
     */
    @Test
    void aFitStartedFromThePreviousThetaLandsWhereAFitFromScratchDoes() {
        Random r = new Random(2);
        for (int user = 0; user < 100; user++) {
            int n = 5 + r.nextInt(60);
            List<UserFit.Evidence> evidence = new ArrayList<>();
            for (int i = 0; i <= n; i++) {
                evidence.add(new UserFit.Evidence(
                        0.3 * r.nextGaussian(), r.doubles(4, -2, 2).toArray()));
            }
            double[] before = UserFit.fit(evidence.subList(0, n), 4, null, 150, Math.max(0.01, 1.0 / n), 0.05);
            double decay = Math.max(0.01, 1.0 / (n + 1));
            double[] scratch = PalModel.weights(UserFit.fit(evidence, 4, null, 150, decay, 0.05));
            double[] warm = PalModel.weights(UserFit.fit(evidence, 4, before, 50, decay, 0.05));
            for (int k = 0; k < 4; k++) {
                assertThat(warm[k]).as("user %d, weight %d", user, k).isCloseTo(scratch[k], within(0.02));
            }
        }
    }
}
