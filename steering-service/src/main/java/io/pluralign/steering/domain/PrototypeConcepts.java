package io.pluralign.steering.domain;

import io.pluralign.alignment.steering.LayerFit;
import io.pluralign.alignment.steering.LeastSquares;
import io.pluralign.contracts.profile.ConceptIds;
import io.pluralign.steering.config.SteeringProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * What each of a tenant's PAL prototypes prefers, as coefficients on the tenant's concepts: learned slider positions.
 *
 * <p>trainer-service publishes, per prototype, its members' mean chosen-minus-rejected activation difference. The
 * answers compared differ in content as well as in style, and added to the residual stream as it is, that difference
 * steers mostly as a generic perturbation (measured on the bundled model: every prototype made answers wordier, and the
 * closed loop's learned steering did not move answers the way users chose). Here each prototype's difference is
 * written, at each of its layers, as the combination of the concepts' steering vectors nearest to it (least squares,
 * so concepts whose directions overlap are not counted twice); the coefficients are averaged over the layers. What no
 * combination of concepts reaches is dropped. A user's palWeights then mix their prototypes' coefficients, and steering
 * applies them like sliders: along directions known to move answers, reported per concept.
 *
 * <p>How far members' chosen answers differed from the rejected ones depends on the answers they were shown, not on how
 * strongly a user should be steered. So a tenant's coefficients are scaled together, once per reward model version
 * and set of concept vectors, so that among the tenant's users with learned weights the largest coefficient of anyone's
 * mix is {@link #LARGEST} (a slider at full): the most decided user is steered like one slider at full, a user whose
 * feedback says less proportionally less, and the profile's strength still scales it all. Mixes of users learned later
 * are clipped to {@link #LARGEST}. Safety concepts are left out: what a tenant enforces is its admins' decision, not
 * something learned from users.
 */
@Component
public class PrototypeConcepts {

    /** The largest learned coefficient a user gets. */
    public static final double LARGEST = 1.0;

    private record Held(long rewardModelVersion, long conceptStamp, List<Map<String, Double>> coefficients) {}

    private final PrototypeVectors published;
    private final ConceptService concepts;
    private final ProfileDirectory profiles;
    private final LayerFit.Method method;
    private final double conceptNorm;
    private final Map<String, Held> byTenant = new ConcurrentHashMap<>();

    public PrototypeConcepts(
            PrototypeVectors published,
            ConceptService concepts,
            ProfileDirectory profiles,
            SteeringProperties properties) {
        this.published = published;
        this.concepts = concepts;
        this.profiles = profiles;
        this.method = properties.method();
        this.conceptNorm = properties.conceptNorm();
    }

    /**
     * Per prototype of the tenant, its coefficient on each concept; empty until trainer-service has published
     * prototypes and some concept has vectors at their layers.
     */
    public Optional<List<Map<String, Double>>> coefficients(String tenant) {
        Optional<PrototypeVectors.Prototypes> learned = published.find(tenant);
        if (learned.isEmpty()) {
            return Optional.empty();
        }
        long version = learned.get().rewardModelVersion();
        long stamp = concepts.stamp();
        Held held = byTenant.get(tenant);
        if (held == null || held.rewardModelVersion() != version || held.conceptStamp() != stamp) {
            List<ConceptVectors> learnable = new ArrayList<>();
            for (ConceptService.ConceptView view : concepts.list(tenant)) {
                if (view.vectors() != null
                        && !ConceptIds.isSafety(view.definition().id())) {
                    learnable.add(view.vectors());
                }
            }
            List<Map<String, Double>> raw = coefficients(learned.get().vectors(), learnable, method, conceptNorm);
            held = new Held(version, stamp, calibrated(raw, profiles.learnedWeights(tenant)));
            byTenant.put(tenant, held);
        }
        return held.coefficients().isEmpty() ? Optional.empty() : Optional.of(held.coefficients());
    }

    /**
     * Each prototype's concept coefficients: at each of its layers, the least-squares combination of the concepts'
     * vectors there (what coefficient 1 adds), averaged over the layers.
     */
    static List<Map<String, Double>> coefficients(
            List<SortedMap<Integer, float[]>> prototypes,
            List<ConceptVectors> learnable,
            LayerFit.Method method,
            double conceptNorm) {
        List<Map<String, Double>> raw = new ArrayList<>();
        for (SortedMap<Integer, float[]> prototype : prototypes) {
            Map<String, Double> sums = new TreeMap<>();
            int layers = 0;
            for (Map.Entry<Integer, float[]> e : prototype.entrySet()) {
                List<String> ids = new ArrayList<>();
                List<float[]> basis = new ArrayList<>();
                for (ConceptVectors concept : learnable) {
                    float[] v = concept.steeringAt(e.getKey(), method, conceptNorm);
                    if (v != null && v.length == e.getValue().length) {
                        ids.add(concept.conceptId());
                        basis.add(v);
                    }
                }
                if (basis.isEmpty()) {
                    continue;
                }
                layers++;
                double[] c = LeastSquares.fit(basis, e.getValue());
                for (int j = 0; j < c.length; j++) {
                    sums.merge(ids.get(j), c[j], Double::sum);
                }
            }
            Map<String, Double> averaged = new TreeMap<>();
            for (Map.Entry<String, Double> s : sums.entrySet()) {
                double c = s.getValue() / layers;
                averaged.put(s.getKey(), c);
            }
            raw.add(averaged);
        }
        return List.copyOf(raw);
    }

    /**
     * The coefficients scaled by one factor: so that the largest coefficient of any of {@code userWeights}' mixes (those
     * with one weight per prototype) is {@link #LARGEST}, or, without such users, the largest of any prototype. Empty
     * when every coefficient is zero.
     */
    static List<Map<String, Double>> calibrated(List<Map<String, Double>> raw, List<List<Double>> userWeights) {
        double largest = 0;
        for (List<Double> weights : userWeights) {
            if (weights.size() == raw.size()) {
                for (double c : sum(raw, weights).values()) {
                    largest = Math.max(largest, Math.abs(c));
                }
            }
        }
        if (largest == 0) {
            for (Map<String, Double> prototype : raw) {
                for (double c : prototype.values()) {
                    largest = Math.max(largest, Math.abs(c));
                }
            }
        }
        if (!(largest > 0) || !Double.isFinite(largest)) {
            return List.of();
        }
        double scale = LARGEST / largest;
        List<Map<String, Double>> out = new ArrayList<>();
        for (Map<String, Double> c : raw) {
            Map<String, Double> scaled = new TreeMap<>();
            c.forEach((id, value) -> scaled.put(id, value * scale));
            out.add(scaled);
        }
        return List.copyOf(out);
    }

    /** A user's coefficients: their weights' mix of the prototypes', each within [-LARGEST, LARGEST]. */
    public static Map<String, Double> mix(List<Map<String, Double>> prototypes, List<Double> weights) {
        Map<String, Double> mixed = sum(prototypes, weights);
        mixed.replaceAll((id, c) -> Math.max(-LARGEST, Math.min(LARGEST, c)));
        return mixed;
    }

    private static Map<String, Double> sum(List<Map<String, Double>> prototypes, List<Double> weights) {
        Map<String, Double> sum = new TreeMap<>();
        for (int k = 0; k < weights.size(); k++) {
            double w = weights.get(k);
            prototypes.get(k).forEach((id, c) -> sum.merge(id, w * c, Double::sum));
        }
        return sum;
    }
}
