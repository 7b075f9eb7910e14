package io.pluralign.steering.domain;

import io.pluralign.alignment.steering.SteeringComposer;
import io.pluralign.contracts.profile.ProfileDocument;
import io.pluralign.contracts.steering.SteeringApplied;
import io.pluralign.engine.Steering;
import io.pluralign.steering.config.SteeringProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/**
 * Turns a user's profile into the steering of their generations: Big Five traits (level 0.5 is neutral, 0 and 1 are
 * coefficients -1 and +1 of the trait's concept), sliders, the concept coefficients their learned palWeights mix, and
 * the request's own coefficients, times the strength;
 * then the tenant's safety projection and push, and the per-layer norm budget. The result for a user's plain request
 * is cached per (profile version, concept vectors) and rebuilt when either changes.
 */
@Service
public class UserSteering {

    /**
     * What a request asks of steering (its {@code steering} field).
     *
     * @param enabled false turns steering off for the request
     * @param scale multiplies the profile's strength
     * @param concepts coefficients added for this request
     */
    public record Request(boolean enabled, double scale, Map<String, Double> concepts) {
        public static final Request DEFAULT = new Request(true, 1, Map.of());

        public Request {
            concepts = Map.copyOf(concepts);
        }

        boolean isDefault() {
            return enabled && scale == 1 && concepts.isEmpty();
        }
    }

    /** The engine's steering and the report of it. */
    public record Composed(Steering steering, SteeringApplied report) {}

    private record Cached(long profileVersion, long conceptStamp, long prototypeStamp, Composed composed) {}

    private final ProfileDirectory profiles;
    private final ConceptService concepts;
    private final PrototypeVectors prototypes;
    private final PrototypeConcepts prototypeConcepts;
    private final ResidualNorms norms;
    private final SteeringProperties properties;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public UserSteering(
            ProfileDirectory profiles,
            ConceptService concepts,
            PrototypeVectors prototypes,
            PrototypeConcepts prototypeConcepts,
            ResidualNorms norms,
            SteeringProperties properties) {
        this.profiles = profiles;
        this.concepts = concepts;
        this.prototypes = prototypes;
        this.prototypeConcepts = prototypeConcepts;
        this.norms = norms;
        this.properties = properties;
    }

    /** The steering of {@code user} (null: an anonymous request) of {@code tenant} for a request. */
    public Composed compose(String tenant, String user, Request request) {
        Optional<ProfileDirectory.Snapshot> snapshot = user == null ? Optional.empty() : profiles.find(tenant, user);
        if (!request.isDefault() || snapshot.isEmpty()) {
            return build(tenant, snapshot.orElse(null), request);
        }
        long version = snapshot.get().version();
        long stamp = concepts.stamp();
        long prototypeStamp = prototypes.stamp();
        Cached held = cache.get(tenant + ":" + user);
        if (held != null
                && held.profileVersion() == version
                && held.conceptStamp() == stamp
                && held.prototypeStamp() == prototypeStamp) {
            return held.composed();
        }
        Composed composed = build(tenant, snapshot.get(), request);
        cache.put(tenant + ":" + user, new Cached(version, stamp, prototypeStamp, composed));
        return composed;
    }

    /** Drops a user's cached steering (profile deleted or erased). */
    public void forget(String tenant, String user) {
        cache.remove(tenant + ":" + user);
    }

    /** Fails naming the first concept of {@code ids} that {@code tenant} does not have. */
    public void checkConcepts(String tenant, Iterable<String> ids) {
        for (String id : ids) {
            if (concepts.find(tenant, id).isEmpty()) {
                throw new UnknownConceptException(id);
            }
        }
    }

    private Composed build(String tenant, ProfileDirectory.Snapshot snapshot, Request request) {
        Long version = snapshot == null ? null : snapshot.version();
        if (!request.enabled()) {
            return unsteered("disabled by the request", version);
        }
        ProfileDocument profile = snapshot == null ? null : snapshot.profile();
        if (profile != null && profile.optOut()) {
            return unsteered("the user opted out of personalization", version);
        }
        Map<String, Double> coefficients = new LinkedHashMap<>();
        Map<String, List<String>> sources = new LinkedHashMap<>();
        List<String> pending = new ArrayList<>();
        double profileStrength = 0;
        if (profile != null) {
            profileStrength = profile.strength() * request.scale();
            if (profile.bigFive() != null) {
                List<ProfileDocument.Trait> traits = profile.bigFive().all();
                for (int i = 0; i < traits.size(); i++) {
                    double c = 2 * traits.get(i).value() - 1;
                    add(coefficients, sources, "trait." + ProfileDocument.BigFive.TRAITS.get(i), c, "bigFive");
                }
            }
            profile.concepts().forEach((id, c) -> add(coefficients, sources, id, c, "slider"));
            if (profile.palWeights() != null) {
                addLearned(tenant, profile.palWeights().weights(), coefficients, sources, pending);
            }
        }
        Map<String, Double> requested = new TreeMap<>(request.concepts());
        if (profileStrength == 0 && requested.isEmpty()) {
            return unsteered(profile == null ? "no profile" : "personalization strength is 0", version);
        }
        List<SteeringComposer.Term> terms = new ArrayList<>();
        List<SteeringApplied.ConceptCoefficient> applied = new ArrayList<>();
        for (Map.Entry<String, Double> e : coefficients.entrySet()) {
            double c = e.getValue() * profileStrength;
            addTerm(tenant, e.getKey(), c, sources.get(e.getKey()), terms, pending, applied);
        }
        for (Map.Entry<String, Double> e : requested.entrySet()) {
            addTerm(tenant, e.getKey(), e.getValue() * request.scale(), List.of("request"), terms, pending, applied);
        }
        Map<String, Double> enforced = profile == null || profile.safety() == null
                ? Map.of()
                : new TreeMap<>(profile.safety().enforced());
        List<SteeringComposer.SafetyRule> safety = new ArrayList<>();
        for (Map.Entry<String, Double> e : enforced.entrySet()) {
            Optional<ConceptVectors> v = concepts.vectors(tenant, e.getKey());
            if (v.isPresent()) {
                safety.add(new SteeringComposer.SafetyRule(
                        e.getKey(),
                        e.getValue(),
                        v.get().directions(),
                        v.get().steering(properties.method(), properties.conceptNorm())));
            } else {
                pending.add(e.getKey());
            }
        }
        Map<Integer, Double> typical = new TreeMap<>();
        for (int l = 0; l < norms.layers(); l++) {
            typical.put(l, norms.at(l));
        }
        // strength is already in each term's coefficient
        SteeringComposer.Composition composition =
                SteeringComposer.compose(terms, 1, safety, typical, properties.budgetFraction());
        List<SteeringApplied.LayerNorms> layers = composition.layers().stream()
                .map(l -> new SteeringApplied.LayerNorms(l.layer(), l.requestedNorm(), l.appliedNorm(), l.budget()))
                .toList();
        SteeringApplied.Safety safetyReport = enforced.isEmpty()
                ? null
                : new SteeringApplied.Safety(enforced, !composition.projected().isEmpty(), composition.projected());
        SteeringApplied report = new SteeringApplied(
                !composition.isEmpty(),
                composition.isEmpty() ? "no concept vector is ready yet" : null,
                version,
                profileStrength,
                applied,
                layers,
                safetyReport,
                pending);
        Steering steering = composition.isEmpty()
                ? Steering.NONE
                : new Steering(new TreeMap<>(composition.vectors()), Steering.Scope.GENERATED);
        return new Composed(steering, report);
    }

    private void addTerm(
            String tenant,
            String id,
            double coefficient,
            List<String> from,
            List<SteeringComposer.Term> terms,
            List<String> pending,
            List<SteeringApplied.ConceptCoefficient> applied) {
        if (coefficient == 0) {
            return;
        }
        Optional<ConceptVectors> v = concepts.vectors(tenant, id);
        if (v.isEmpty()) {
            pending.add(id);
            return;
        }
        terms.add(new SteeringComposer.Term(
                id, coefficient, v.get().steering(properties.method(), properties.conceptNorm())));
        applied.add(new SteeringApplied.ConceptCoefficient(id, coefficient, from));
    }

    /**
     * PAL: the user's weights mix their tenant's prototypes' learned concept coefficients (see {@link
     * PrototypeConcepts}), which then act like sliders. Until trainer-service has published as many prototypes as the
     * user has weights, they steer nothing (listed as pending).
     */
    private void addLearned(
            String tenant,
            List<Double> weights,
            Map<String, Double> coefficients,
            Map<String, List<String>> sources,
            List<String> pending) {
        Optional<List<Map<String, Double>>> learned = prototypeConcepts.coefficients(tenant);
        if (learned.isEmpty() || learned.get().size() != weights.size()) {
            pending.add("palWeights");
            return;
        }
        PrototypeConcepts.mix(learned.get(), weights)
                .forEach((id, c) -> add(coefficients, sources, id, c, "palWeights"));
    }

    private static void add(
            Map<String, Double> coefficients, Map<String, List<String>> sources, String id, double c, String source) {
        coefficients.merge(id, c, Double::sum);
        sources.computeIfAbsent(id, k -> new ArrayList<>()).add(source);
    }

    private static Composed unsteered(String reason, Long version) {
        return new Composed(Steering.NONE, SteeringApplied.none(reason, version));
    }
}
