package io.pluralign.contracts.profile;

import java.util.List;
import java.util.Set;

/**
 * The concepts every tenant has: the Big Five traits, three styles and the safety concepts a tenant may enforce. A
 * profile's sliders and safety rules name concepts by these ids, and steering-service keeps a vector per concept.
 */
public final class ConceptIds {

    /** Concepts a user may steer with a slider. */
    public static final List<String> STEERABLE = List.of(
            "trait.openness",
            "trait.conscientiousness",
            "trait.extraversion",
            "trait.agreeableness",
            "trait.neuroticism",
            "style.formality",
            "style.sentiment",
            "style.verbosity");

    /** Concepts a tenant's admins may enforce. */
    public static final List<String> SAFETY = List.of("safety.harmlessness", "safety.privacy", "safety.self-harm");

    private static final Set<String> STEERABLE_SET = Set.copyOf(STEERABLE);
    private static final Set<String> SAFETY_SET = Set.copyOf(SAFETY);

    private ConceptIds() {}

    public static boolean isSteerable(String id) {
        return STEERABLE_SET.contains(id);
    }

    public static boolean isSafety(String id) {
        return SAFETY_SET.contains(id);
    }
}
