package io.pluralign.alignment.steering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContrastAnalysisTest {

    private static final int H = 32;

    /** Pairs that differ along a hidden direction, with per-pair noise and shared content, like a real concept's. */
    record Pairs(List<float[]> positives, List<float[]> negatives) {
        LayerFit fit(int layer, double typicalNorm) {
            return ContrastAnalysis.fit(layer, positives, negatives, typicalNorm);
        }

        List<float[]> differences() {
            List<float[]> out = new ArrayList<>();
            for (int i = 0; i < positives.size(); i++) {
                float[] d = positives.get(i).clone();
                Vectors.addScaled(d, negatives.get(i), -1);
                out.add(d);
            }
            return out;
        }
    }

    private static Pairs pairs(float[] direction, double signal, double noise, int count, long seed) {
        Random r = new Random(seed);
        List<float[]> positives = new ArrayList<>();
        List<float[]> negatives = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            float[] content = new float[H];
            float[] pos = new float[H];
            float[] neg = new float[H];
            double amount = signal * (0.5 + r.nextDouble());
            for (int i = 0; i < H; i++) {
                content[i] = (float) (5 * r.nextGaussian());
                pos[i] = content[i] + (float) (amount / 2 * direction[i] + noise / 2 * r.nextGaussian());
                neg[i] = content[i] - (float) (amount / 2 * direction[i] + noise / 2 * r.nextGaussian());
            }
            positives.add(pos);
            negatives.add(neg);
        }
        return new Pairs(positives, negatives);
    }

    private static float[] randomUnit(long seed) {
        Random r = new Random(seed);
        float[] v = new float[H];
        for (int i = 0; i < H; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Vectors.unit(v);
    }

    private static double cosine(float[] a, float[] b) {
        return Vectors.dot(a, b) / (Vectors.norm(a) * Vectors.norm(b));
    }

    @Test
    void bothMethodsRecoverTheHiddenDirectionPointingFromNegativeToPositive() {
        float[] truth = randomUnit(1);
        LayerFit fit = pairs(truth, 3, 0.3, 64, 2).fit(2, 10);

        assertThat(cosine(fit.meanDifference(), truth)).isGreaterThan(0.97);
        assertThat(cosine(fit.principalDirection(), truth)).isGreaterThan(0.97);
        assertThat(fit.meanDifferenceAccuracy()).isEqualTo(1.0);
        assertThat(fit.principalAccuracy()).isEqualTo(1.0);
        assertThat(fit.effectSize()).isGreaterThan(2);
        assertThat(fit.typicalNorm()).isEqualTo(10);
        // RepE's direction is scaled to the mean projection, so it is on CAA's scale (about 3 here)
        assertThat(Vectors.norm(fit.principalDirection())).isBetween(2.5, 3.5);
        assertThat(Vectors.norm(fit.meanDifference())).isBetween(2.5, 3.5);
    }

    @Test
    void thePrincipalComponentIsSignCorrectedEvenWhenPowerIterationStartsAgainstIt() {
        float[] truth = randomUnit(3);
        Pairs pairs = pairs(truth, 2, 0.1, 40, 4);
        List<float[]> diffs = pairs.differences();
        float[] start = Vectors.scaled(truth, -1);
        assertThat(Vectors.dot(ContrastAnalysis.principalComponent(diffs, start), truth))
                .isLessThan(0); // the raw eigenvector may point either way...
        LayerFit fit = pairs.fit(0, 1);
        assertThat(Vectors.dot(fit.principalDirection(), truth)).isGreaterThan(0); // ...the fitted one does not
    }

    @Test
    void readingPlacesTextsOnTheScaleOfTheTrainingPoles() {
        float[] truth = randomUnit(7);
        Pairs pairs = pairs(truth, 4, 0.2, 64, 8);
        LayerFit fit = pairs.fit(1, 1);
        double positives =
                pairs.positives().stream().mapToDouble(fit::read).average().orElseThrow();
        double negatives =
                pairs.negatives().stream().mapToDouble(fit::read).average().orElseThrow();
        assertThat(positives).isCloseTo(1, within(0.2));
        assertThat(negatives).isCloseTo(-1, within(0.2));
        for (int i = 0; i < pairs.positives().size(); i++) {
            assertThat(fit.read(pairs.positives().get(i)))
                    .isGreaterThan(fit.read(pairs.negatives().get(i)));
        }
    }

    @Test
    void aConceptThatIsOnlyNoiseScoresNearChanceOnHeldOutPairs() {
        LayerFit fit = pairs(new float[H], 0, 1, 400, 5).fit(1, 1);
        assertThat(fit.meanDifferenceAccuracy()).isBetween(0.35, 0.65);
        assertThat(Math.abs(fit.effectSize())).isLessThan(0.5);
    }

    @Test
    void tooFewPairsAreRefused() {
        assertThatThrownBy(() -> pairs(randomUnit(1), 1, 0, 3, 1).fit(0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 4 contrast pairs");
    }

    private static LayerFit scored(int layer, double accuracy, double effect) {
        return new LayerFit(layer, new float[1], new float[1], accuracy, accuracy, effect, 1, -1, 1);
    }

    @Test
    void layersAreChosenByHeldOutSeparabilitySkippingTheFirstBlockAndCappedInNumber() {
        List<LayerFit> fits = List.of(
                scored(0, 1.0, 9), scored(1, 0.9, 2), scored(2, 0.95, 3), scored(3, 0.95, 4), scored(4, 0.6, 1));
        assertThat(ContrastAnalysis.chooseLayers(fits, 2)).containsExactly(2, 3);
        assertThat(ContrastAnalysis.chooseLayers(fits, 5)).containsExactly(1, 2, 3);
    }

    @Test
    void whenNoLayerSeparatesWellTheBestOneIsStillChosen() {
        List<LayerFit> fits = List.of(scored(0, 0.6, 1), scored(1, 0.55, 1), scored(2, 0.65, 0.5));
        assertThat(ContrastAnalysis.chooseLayers(fits, 3)).containsExactly(2);
    }

    @Test
    void aThirdOfTheLayersAreSteeredByDefault() {
        assertThat(ContrastAnalysis.defaultMaxLayers(1)).isEqualTo(1);
        assertThat(ContrastAnalysis.defaultMaxLayers(4)).isEqualTo(2);
        assertThat(ContrastAnalysis.defaultMaxLayers(32)).isEqualTo(11);
    }
}
