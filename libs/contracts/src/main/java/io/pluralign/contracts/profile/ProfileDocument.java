package io.pluralign.contracts.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Who a user is, as profile-service stores it, returns it and publishes it on {@code profile.changed}.
 *
 * @param bigFive personality, or null until set
 * @param palWeights the user's mixture over the tenant's preference prototypes, or null until seeded or learned
 * @param concepts explicit steering sliders: concept id ({@link ConceptIds#STEERABLE}) to coefficient in [-1, 1]
 * @param systemPreferences how the user wants answers, in their own words (stored as given, never templated), or null
 * @param safety the tenant's safety rules for this user (set by admin keys only), or null for none
 * @param strength overall personalization strength in [0, 2]; 0 turns steering off
 * @param optOut the user asked for no personalization and no learning from their feedback
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProfileDocument(
        BigFive bigFive,
        PalWeights palWeights,
        Map<String, Double> concepts,
        String systemPreferences,
        Safety safety,
        double strength,
        boolean optOut) {

    public static final int MAX_PREFERENCES = 2000;
    public static final double MAX_STRENGTH = 2.0;

    public ProfileDocument {
        concepts = concepts == null ? Map.of() : Map.copyOf(concepts);
    }

    /** Where a trait's or the weights' current value came from. */
    public static final class Sources {
        public static final String QUESTIONNAIRE = "questionnaire";
        public static final String DECLARED = "declared";
        public static final String LEARNED = "learned";
        public static final String SEEDED = "seeded";

        private Sources() {}
    }

    /** A trait level in [0, 1], where it came from and when it was set. */
    public record Trait(double value, String source, Instant setAt) {}

    /** The Big Five traits. */
    public record BigFive(
            Trait openness, Trait conscientiousness, Trait extraversion, Trait agreeableness, Trait neuroticism) {

        public static final List<String> TRAITS =
                List.of("openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism");

        /** The traits in {@link #TRAITS} order. */
        public List<Trait> all() {
            return List.of(openness, conscientiousness, extraversion, agreeableness, neuroticism);
        }

        public static BigFive of(List<Trait> traits) {
            return new BigFive(traits.get(0), traits.get(1), traits.get(2), traits.get(3), traits.get(4));
        }
    }

    /**
     * Weights over the tenant's K prototypes, on the simplex.
     *
     * @param source {@link Sources#SEEDED} (set through the API) or {@link Sources#LEARNED}
     * @param rewardModelVersion the reward model the learned weights belong to, or null when seeded
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PalWeights(List<Double> weights, String source, Long rewardModelVersion) {
        public PalWeights {
            weights = List.copyOf(weights);
        }
    }

    /** Enforced safety concepts ({@link ConceptIds#SAFETY}) and how strongly, each in [0, 1]. */
    public record Safety(Map<String, Double> enforced) {
        public Safety {
            enforced = Map.copyOf(enforced);
        }
    }
}
