package io.pluralign.steering.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pluralign.alignment.steering.LayerFit;
import io.pluralign.alignment.steering.Vectors;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PrototypeConceptsTest {
    private static final LayerFit.Method CAA = LayerFit.Method.MEAN_DIFFERENCE;
    private static final String FORMALITY = "style.formality";
    private static final String VERBOSITY = "style.verbosity";

    // formality and verbosity overlap (cosine 0.6); at concept norm 0.1 of a typical norm of 20, coefficient 1 adds
    // a vector of norm 2 along each
    private final ConceptVectors formality = concept(FORMALITY, new float[] {1, 0, 0, 0});
    private final ConceptVectors verbosity = concept(VERBOSITY, new float[] {0.6f, 0.8f, 0, 0});
    private final List<ConceptVectors> concepts = List.of(formality, verbosity);

    @Test
    void aPrototypeBecomesTheCombinationOfConceptsNearestToItsDifference() {
        // members of 0 chose answers differing by 1.0 formality and -0.5 verbosity (slider units), plus differences
        // in content no concept reaches (the last two axes); members of 1 the opposite, half as strongly
        float[] style0 = combination(1.0, -0.5);
        float[] style1 = combination(-0.5, 0.25);
        SortedMap<Integer, float[]> first = layers(plus(style0, 0, 0, 3, 0), plus(style0, 0, 0, 0, -4));
        SortedMap<Integer, float[]> second = layers(plus(style1, 0, 0, 5, 5), plus(style1, 0, 0, 1, 1));

        List<Map<String, Double>> c = PrototypeConcepts.coefficients(List.of(first, second), concepts, CAA, 0.1);

        assertThat(c.get(0).get(FORMALITY)).isCloseTo(1.0, within(1e-5));
        assertThat(c.get(0).get(VERBOSITY)).isCloseTo(-0.5, within(1e-5));
        assertThat(c.get(1).get(FORMALITY)).isCloseTo(-0.5, within(1e-5));
        assertThat(c.get(1).get(VERBOSITY)).isCloseTo(0.25, within(1e-5));
    }

    @Test
    void theMostDecidedUsersMixIsCalibratedToASliderAtFull() {
        // opposite prototypes; users' soft weights make their mixes far shorter than either prototype
        List<Map<String, Double>> raw = List.of(Map.of(FORMALITY, 3.0), Map.of(FORMALITY, -3.0));
        List<Map<String, Double>> calibrated =
                PrototypeConcepts.calibrated(raw, List.of(List.of(0.6, 0.4), List.of(0.3, 0.7), List.of(1.0)));

        // mixes 0.6 and -1.2: the second is the most decided
        assertThat(PrototypeConcepts.mix(calibrated, List.of(0.3, 0.7)).get(FORMALITY))
                .isCloseTo(-PrototypeConcepts.LARGEST, within(1e-9));
        assertThat(PrototypeConcepts.mix(calibrated, List.of(0.6, 0.4)).get(FORMALITY))
                .isCloseTo(0.5, within(1e-9));
        // a user learned later who is more decided still is clipped to a slider at full
        assertThat(PrototypeConcepts.mix(calibrated, List.of(0.0, 1.0)).get(FORMALITY))
                .isEqualTo(-PrototypeConcepts.LARGEST);
    }

    @Test
    void withoutLearnedUsersTheLargestPrototypeIsCalibratedToASliderAtFull() {
        List<Map<String, Double>> raw = List.of(Map.of(FORMALITY, 0.2, VERBOSITY, -0.1), Map.of(FORMALITY, -0.05));
        List<Map<String, Double>> calibrated = PrototypeConcepts.calibrated(raw, List.of());
        assertThat(calibrated.get(0)).containsEntry(FORMALITY, 1.0).containsEntry(VERBOSITY, -0.5);
        assertThat(calibrated.get(1).get(FORMALITY)).isCloseTo(-0.25, within(1e-12));
    }

    @Test
    void nothingIsLearnedWhenNoConceptReachesThePrototypes() {
        SortedMap<Integer, float[]> unreached = layers(new float[] {0, 0, 1, 1}, new float[] {0, 0, 2, 0});
        List<Map<String, Double>> raw = PrototypeConcepts.coefficients(List.of(unreached), concepts, CAA, 0.1);
        assertThat(raw.get(0).values()).allMatch(c -> Math.abs(c) < 1e-9);
        assertThat(PrototypeConcepts.calibrated(List.of(Map.of(FORMALITY, 0.0)), List.of()))
                .isEmpty();
        assertThat(PrototypeConcepts.coefficients(List.of(unreached), List.of(), CAA, 0.1)
                        .get(0))
                .isEmpty();
    }

    private float[] combination(double f, double v) {
        float[] out = new float[4];
        Vectors.addScaled(out, formality.steeringAt(1, CAA, 0.1), f);
        Vectors.addScaled(out, verbosity.steeringAt(1, CAA, 0.1), v);
        return out;
    }

    private static float[] plus(float[] v, float... more) {
        float[] out = v.clone();
        Vectors.addScaled(out, more, 1);
        return out;
    }

    private static SortedMap<Integer, float[]> layers(float[] atOne, float[] atTwo) {
        SortedMap<Integer, float[]> m = new TreeMap<>();
        m.put(1, atOne);
        m.put(2, atTwo);
        return m;
    }

    private static ConceptVectors concept(String id, float[] direction) {
        TreeMap<Integer, LayerFit> fits = new TreeMap<>();
        for (int layer = 0; layer < 4; layer++) {
            fits.put(layer, new LayerFit(layer, direction, direction, 0.9, 0.9, 2, 1, -1, 20));
        }
        return new ConceptVectors("", id, 1, fits, new int[] {1}, false);
    }
}
