package io.pluralign.contracts.steering;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The steering one generation ran with, so that users and operators can see why an answer is the way it is.
 *
 * @param applied whether any vector was added to the model's activations
 * @param reason why nothing was applied (no profile, strength 0, opted out, disabled by the request), else null
 * @param profileVersion the profile version the steering was composed from, or null without a profile
 * @param strength the effective strength (the profile's, times the request's scale)
 * @param concepts every concept with a non-zero coefficient and where the coefficient came from
 * @param layers per steered layer, the norm the composition asked for, what the budget allowed, and the budget
 * @param safety the tenant's enforced safety concepts and whether projecting onto them changed anything
 * @param pending concepts the profile asked for whose vectors are still being computed (left out this time)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SteeringApplied(
        boolean applied,
        String reason,
        Long profileVersion,
        double strength,
        List<ConceptCoefficient> concepts,
        List<LayerNorms> layers,
        Safety safety,
        List<String> pending) {

    public SteeringApplied {
        concepts = concepts == null ? List.of() : List.copyOf(concepts);
        layers = layers == null ? List.of() : List.copyOf(layers);
        pending = pending == null ? List.of() : List.copyOf(pending);
    }

    /** Nothing applied, for {@code reason}. */
    public static SteeringApplied none(String reason, Long profileVersion) {
        return new SteeringApplied(false, reason, profileVersion, 0, List.of(), List.of(), null, List.of());
    }

    /**
     * A concept's coefficient and its source: {@code bigFive}, {@code slider}, {@code palWeights}, {@code request}
     * (several when they add up).
     */
    public record ConceptCoefficient(String id, double coefficient, List<String> sources) {}

    /** One layer's steering norms. */
    public record LayerNorms(int layer, double normBeforeBudget, double normAfterBudget, double budget) {}

    /**
     * @param enforced safety concept to the tenant's push level
     * @param projectionChanged whether the user's steering pushed against an enforced concept and was projected
     * @param projectedAgainst the concepts that projection acted for
     */
    public record Safety(Map<String, Double> enforced, boolean projectionChanged, List<String> projectedAgainst) {}
}
