package io.pluralign.alignment.steering;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Composes one user's steering from weighted concept vectors, in three steps at each layer:
 *
 * <ol>
 *   <li>the user's part {@code u}: {@code strength * sum coefficient * vector} over the terms;
 *   <li>the safety projection: for every enforced safety concept with direction {@code d}, a {@code u} with {@code
 *       u . d < 0} loses that component, repeated until no enforced concept is pushed against;
 *   <li>the norm budget: the total {@code s + a u}, where {@code s} is the tenant's safety push, is at most {@code
 *       budgetFraction} of the layer's typical residual norm; {@code u} shrinks first ({@code a} in [0, 1]) so the
 *       user's preferences never crowd out the tenant's safety.
 * </ol>
 */
public final class SteeringComposer {

    private static final int PROJECTION_ROUNDS = 32;
    private static final double TOLERANCE = 1e-6;

    private SteeringComposer() {}

    /** A concept applied with a coefficient; {@code vectors} holds its vector per steered layer. */
    public record Term(String concept, double coefficient, Map<Integer, float[]> vectors) {}

    /**
     * A safety concept a tenant enforces: {@code directions} at every layer (for the projection) and {@code push}
     * times {@code pushVectors} added at its own steered layers (0 for projection only).
     */
    public record SafetyRule(
            String concept, double push, Map<Integer, float[]> directions, Map<Integer, float[]> pushVectors) {}

    /** What happened at one layer: the norm the composition asked for, what the budget allowed, and the budget. */
    public record LayerReport(int layer, double requestedNorm, double appliedNorm, double budget) {}

    /**
     * The result: vectors per layer (empty when nothing is steered), a report per layer, and the safety concepts whose
     * projection removed something from the user's part.
     */
    public record Composition(SortedMap<Integer, float[]> vectors, List<LayerReport> layers, List<String> projected) {
        public boolean isEmpty() {
            return vectors.isEmpty();
        }
    }

    /**
     * Composes.
     *
     * @param typicalNorms the typical residual norm of every layer that may be steered
     * @param budgetFraction the most a layer's total steering may be, as a fraction of its typical norm
     */
    public static Composition compose(
            List<Term> terms,
            double strength,
            List<SafetyRule> safety,
            Map<Integer, Double> typicalNorms,
            double budgetFraction) {
        if (!(strength >= 0) || !(budgetFraction >= 0)) {
            throw new IllegalArgumentException("strength and budget fraction must be >= 0");
        }
        TreeMap<Integer, float[]> user = new TreeMap<>();
        if (strength > 0) {
            for (Term term : terms) {
                if (term.coefficient() == 0) {
                    continue;
                }
                term.vectors()
                        .forEach((layer, v) -> Vectors.addScaled(
                                user.computeIfAbsent(layer, l -> new float[v.length]),
                                v,
                                strength * term.coefficient()));
            }
        }
        TreeMap<Integer, float[]> push = new TreeMap<>();
        for (SafetyRule rule : safety) {
            if (rule.push() > 0) {
                rule.pushVectors()
                        .forEach((layer, v) -> Vectors.addScaled(
                                push.computeIfAbsent(layer, l -> new float[v.length]), v, rule.push()));
            }
        }
        List<String> projected = new ArrayList<>();
        for (Map.Entry<Integer, float[]> e : user.entrySet()) {
            project(e.getKey(), e.getValue(), safety, projected);
        }
        TreeMap<Integer, float[]> out = new TreeMap<>();
        List<LayerReport> reports = new ArrayList<>();
        TreeSet<Integer> layers = new TreeSet<>(user.keySet());
        layers.addAll(push.keySet());
        for (int layer : layers) {
            Double typical = typicalNorms.get(layer);
            if (typical == null) {
                throw new IllegalArgumentException("no typical residual norm for layer " + layer);
            }
            double budget = budgetFraction * typical;
            float[] u = user.get(layer);
            float[] s = push.get(layer);
            int h = u != null ? u.length : s.length;
            u = u != null ? u : new float[h];
            s = s != null ? s : new float[h];
            float[] requested = s.clone();
            Vectors.addScaled(requested, u, 1);
            double requestedNorm = Vectors.norm(requested);
            float[] applied = withinBudget(s, u, budget);
            double appliedNorm = Vectors.norm(applied);
            reports.add(new LayerReport(layer, requestedNorm, appliedNorm, budget));
            if (appliedNorm > 0) {
                out.put(layer, applied);
            }
        }
        return new Composition(Collections.unmodifiableSortedMap(out), List.copyOf(reports), List.copyOf(projected));
    }

    /** Removes from {@code u} every component against an enforced direction, noting which concepts acted. */
    private static void project(int layer, float[] u, List<SafetyRule> safety, List<String> projected) {
        for (int round = 0; round < PROJECTION_ROUNDS; round++) {
            boolean changed = false;
            for (SafetyRule rule : safety) {
                float[] d = rule.directions().get(layer);
                if (d == null) {
                    continue;
                }
                double dd = Vectors.dot(d, d);
                if (dd == 0) {
                    continue;
                }
                double against = Vectors.dot(u, d);
                if (against < -TOLERANCE * Math.sqrt(dd) * Math.max(1e-12, Vectors.norm(u))) {
                    Vectors.addScaled(u, d, -against / dd);
                    changed = true;
                    if (!projected.contains(rule.concept())) {
                        projected.add(rule.concept());
                    }
                }
            }
            if (!changed) {
                return;
            }
        }
    }

    /** {@code s + a u} with the largest {@code a} in [0, 1] whose norm fits {@code budget}; {@code s} alone capped. */
    static float[] withinBudget(float[] s, float[] u, double budget) {
        double ss = Vectors.dot(s, s);
        if (ss >= budget * budget) {
            return ss == 0 ? new float[s.length] : Vectors.scaled(s, budget / Math.sqrt(ss));
        }
        double uu = Vectors.dot(u, u);
        double su = Vectors.dot(s, u);
        double a = 1;
        float[] total = s.clone();
        Vectors.addScaled(total, u, 1);
        if (Vectors.dot(total, total) > budget * budget && uu > 0) {
            // |s + a u|^2 = budget^2: uu a^2 + 2 su a + ss - budget^2 = 0, positive root (ss < budget^2)
            a = (-su + Math.sqrt(su * su - uu * (ss - budget * budget))) / uu;
            a = Math.max(0, Math.min(1, a));
            total = s.clone();
            Vectors.addScaled(total, u, a);
        }
        return total;
    }
}
