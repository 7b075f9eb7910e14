package io.pluralign.alignment.steering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pluralign.alignment.steering.SteeringComposer.Composition;
import io.pluralign.alignment.steering.SteeringComposer.SafetyRule;
import io.pluralign.alignment.steering.SteeringComposer.Term;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SteeringComposerTest {

    private static final Map<Integer, Double> NORMS = Map.of(1, 10.0, 2, 20.0);
    private static final float[] X = {1, 0, 0};
    private static final float[] Y = {0, 1, 0};

    private static Term term(String concept, double coefficient, float[] v) {
        return new Term(concept, coefficient, Map.of(1, v, 2, v));
    }

    private static SafetyRule enforce(String concept, float[] direction, double push) {
        return new SafetyRule(concept, push, Map.of(1, direction, 2, direction), Map.of(2, direction));
    }

    @Test
    void termsAddUpWeightedByCoefficientAndStrength() {
        Composition c = SteeringComposer.compose(List.of(term("a", 0.5, X), term("b", -1, Y)), 2, List.of(), NORMS, 1);
        assertThat(c.vectors().get(1)).containsExactly(1f, -2f, 0f);
        assertThat(c.projected()).isEmpty();
        assertThat(c.layers()).extracting(SteeringComposer.LayerReport::layer).containsExactly(1, 2);
    }

    @Test
    void strengthZeroOrZeroCoefficientsSteerNothing() {
        assertThat(SteeringComposer.compose(List.of(term("a", 1, X)), 0, List.of(), NORMS, 1)
                        .isEmpty())
                .isTrue();
        assertThat(SteeringComposer.compose(List.of(term("a", 0, X)), 1, List.of(), NORMS, 1)
                        .isEmpty())
                .isTrue();
    }

    @Test
    void aComponentAgainstAnEnforcedSafetyConceptIsRemovedAndReported() {
        // the user's slider pushes half against safety (direction x) and half along y
        Composition c = SteeringComposer.compose(
                List.of(term("style.edgy", 1, new float[] {-1, 1, 0})),
                1,
                List.of(enforce("safety.harmlessness", X, 0)),
                NORMS,
                1);
        assertThat(c.vectors().get(1)).containsExactly(0f, 1f, 0f);
        assertThat(c.projected()).containsExactly("safety.harmlessness");
    }

    @Test
    void aComponentAlongASafetyConceptIsKept() {
        Composition c = SteeringComposer.compose(
                List.of(term("style.kind", 1, new float[] {1, 1, 0})),
                1,
                List.of(enforce("safety.harmlessness", X, 0)),
                NORMS,
                1);
        assertThat(c.vectors().get(1)).containsExactly(1f, 1f, 0f);
        assertThat(c.projected()).isEmpty();
    }

    @Test
    void nonOrthogonalSafetyConceptsAreAllRespectedAfterProjection() {
        float[] a = Vectors.unit(new float[] {1, 1, 0});
        float[] b = Vectors.unit(new float[] {1, -1, 0.2f});
        Composition c = SteeringComposer.compose(
                List.of(term("t", 1, new float[] {-3, 0.5f, 1})),
                1,
                List.of(enforce("safety.a", a, 0), enforce("safety.b", b, 0)),
                NORMS,
                10);
        float[] v = c.vectors().get(1);
        assertThat(Vectors.dot(v, a)).isGreaterThan(-1e-5);
        assertThat(Vectors.dot(v, b)).isGreaterThan(-1e-5);
        assertThat(c.projected()).contains("safety.a");
    }

    @Test
    void theNormBudgetCapsEachLayerAtAFractionOfItsTypicalNorm() {
        Composition c =
                SteeringComposer.compose(List.of(term("a", 1, new float[] {3, 4, 0})), 1, List.of(), NORMS, 0.2);
        // layer 1: typical 10, budget 2, requested 5 -> scaled to 2 in the same direction
        assertThat(Vectors.norm(c.vectors().get(1))).isCloseTo(2, within(1e-5));
        assertThat(c.vectors().get(1)[0] / c.vectors().get(1)[1]).isCloseTo(0.75f, within(1e-5f));
        // layer 2: typical 20, budget 4, requested 5
        assertThat(Vectors.norm(c.vectors().get(2))).isCloseTo(4, within(1e-5));
        SteeringComposer.LayerReport first = c.layers().get(0);
        assertThat(first.requestedNorm()).isCloseTo(5, within(1e-6));
        assertThat(first.appliedNorm()).isCloseTo(2, within(1e-5));
        assertThat(first.budget()).isCloseTo(2, within(1e-9));
    }

    @Test
    void theTenantsSafetyPushKeepsItsShareOfTheBudgetAndTheUsersPartShrinksFirst() {
        // layer 2: budget 0.25 * 20 = 5; push 3 along x; the user asks for 10 along y
        Composition c = SteeringComposer.compose(
                List.of(term("t", 1, new float[] {0, 10, 0})),
                1,
                List.of(enforce("safety.harmlessness", X, 3)),
                NORMS,
                0.25);
        float[] v = c.vectors().get(2);
        assertThat(v[0]).isCloseTo(3f, within(1e-5f));
        assertThat(v[1]).isCloseTo(4f, within(1e-4f));
        assertThat(Vectors.norm(v)).isCloseTo(5, within(1e-4));
    }

    @Test
    void aPushLargerThanTheBudgetIsItselfCapped() {
        float[] v = SteeringComposer.withinBudget(new float[] {6, 8, 0}, new float[] {0, 0, 1}, 5);
        assertThat(v).containsExactly(3f, 4f, 0f);
    }
}
