package io.pluralign.profile.domain;

import io.pluralign.contracts.profile.ConceptIds;
import io.pluralign.contracts.profile.ProfileDocument;
import io.pluralign.contracts.profile.ProfileDocument.BigFive;
import io.pluralign.contracts.profile.ProfileDocument.PalWeights;
import io.pluralign.contracts.profile.ProfileDocument.Safety;
import io.pluralign.contracts.profile.ProfileDocument.Sources;
import io.pluralign.contracts.profile.ProfileDocument.Trait;
import io.pluralign.servicekit.web.ApiException;
import io.pluralign.servicekit.web.InvalidInput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * Turns a profile a client wrote (JSON, as PUT sends it or as a merge patch leaves it) into a {@link ProfileDocument},
 * checking every field and naming each one that is wrong; nothing is written unless all are right.
 *
 * <p>The server keeps track of where values came from: a trait or the PAL weights keep their source and time when the
 * client sends the value they already have (so a read-modify-write round trip relabels nothing), and become {@code
 * declared} / {@code seeded} now when it changes them. Traits may be written as plain numbers. {@code safety} is the
 * tenant's: left out, it stays as it is; only an admin key may change it.
 */
public final class ProfileReader {

    /** Fields the API returns but a client cannot set; accepted and ignored so that GET then PUT works. */
    private static final Set<String> READ_ONLY = Set.of("userId", "version", "updatedAt", "updatedBy");

    private static final Set<String> WRITABLE =
            Set.of("bigFive", "palWeights", "concepts", "systemPreferences", "safety", "strength", "optOut");

    private final InvalidInput errors = new InvalidInput();
    private final ProfileDocument current;
    private final Instant now;
    private final int prototypes;

    private ProfileReader(ProfileDocument current, Instant now, int prototypes) {
        this.current = current;
        this.now = now;
        this.prototypes = prototypes;
    }

    /**
     * @param current the stored profile, or null when the user has none
     * @param admin whether the caller may change {@code safety}
     * @throws ApiException 400 naming every invalid field, or 403 when a non-admin changes {@code safety}
     */
    public static ProfileDocument read(
            JsonNode body, ProfileDocument current, Instant now, int prototypes, boolean admin) {
        ProfileReader reader = new ProfileReader(current, now, prototypes);
        ProfileDocument document = reader.document(body);
        Safety unchanged = current == null ? null : current.safety();
        if (!admin && !java.util.Objects.equals(document.safety(), unchanged)) {
            throw ApiException.forbidden("only an admin key may change safety; an app key can read it");
        }
        return document;
    }

    private ProfileDocument document(JsonNode body) {
        if (body == null || !body.isObject()) {
            errors.add("(body)", "must be a JSON object");
            errors.throwIfAny();
        }
        for (String name : body.propertyNames()) {
            if (!WRITABLE.contains(name) && !READ_ONLY.contains(name)) {
                errors.add(name, "is not a profile field (fields: " + String.join(", ", sorted(WRITABLE)) + ")");
            }
        }
        BigFive bigFive = bigFive(body.get("bigFive"));
        PalWeights weights = palWeights(body.get("palWeights"));
        Map<String, Double> concepts = coefficients(body.get("concepts"), "concepts", ConceptIds::isSteerable, -1, 1);
        String preferences = preferences(body.get("systemPreferences"));
        Safety safety = body.has("safety") ? safety(body.get("safety")) : current == null ? null : current.safety();
        double strength = number(body.get("strength"), "strength", 0, ProfileDocument.MAX_STRENGTH, 1.0);
        boolean optOut = flag(body.get("optOut"), "optOut");
        errors.throwIfAny();
        return new ProfileDocument(bigFive, weights, concepts, preferences, safety, strength, optOut);
    }

    private BigFive bigFive(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            errors.add("bigFive", "must be an object with the five traits");
            return null;
        }
        List<Trait> traits = new ArrayList<>();
        List<Trait> before = current == null || current.bigFive() == null
                ? null
                : current.bigFive().all();
        for (String name : node.propertyNames()) {
            if (!BigFive.TRAITS.contains(name)) {
                errors.add("bigFive." + name, "is not a Big Five trait (" + String.join(", ", BigFive.TRAITS) + ")");
            }
        }
        for (int i = 0; i < BigFive.TRAITS.size(); i++) {
            String field = "bigFive." + BigFive.TRAITS.get(i);
            JsonNode trait = node.get(BigFive.TRAITS.get(i));
            JsonNode value = trait != null && trait.isObject() ? trait.get("value") : trait;
            if (absent(value)) {
                errors.add(field, "is required (a number in [0, 1])");
                traits.add(null);
                continue;
            }
            double level = number(value, field, 0, 1, Double.NaN);
            Trait old = before == null ? null : before.get(i);
            traits.add(old != null && old.value() == level ? old : new Trait(level, Sources.DECLARED, now));
        }
        return traits.contains(null) ? null : BigFive.of(traits);
    }

    private PalWeights palWeights(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        JsonNode array = node.isObject() ? node.get("weights") : node;
        String field = node.isObject() ? "palWeights.weights" : "palWeights";
        if (array == null || !array.isArray()) {
            errors.add(field, "must be an array of " + prototypes + " non-negative weights summing to 1");
            return null;
        }
        Optional<String> count = PalWeightsRule.countProblem(array.size(), prototypes);
        if (count.isPresent()) {
            errors.add(field, count.get());
            return null;
        }
        List<Double> weights = new ArrayList<>();
        for (int k = 0; k < array.size(); k++) {
            weights.add(number(array.get(k), field + "[" + k + "]", 0, Double.MAX_VALUE, Double.NaN));
        }
        if (weights.stream().anyMatch(w -> Double.isNaN(w))) {
            return null; // each bad weight is already named
        }
        List<Double> normalised;
        try {
            normalised = PalWeightsRule.normalised(weights);
        } catch (IllegalArgumentException e) {
            errors.add(field, e.getMessage());
            return null;
        }
        PalWeights old = current == null ? null : current.palWeights();
        return old != null && old.weights().equals(normalised) ? old : new PalWeights(normalised, Sources.SEEDED, null);
    }

    private Safety safety(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject() || !node.has("enforced") || node.size() != 1) {
            errors.add("safety", "must be {\"enforced\": {concept: strength in [0, 1]}} or null");
            return null;
        }
        return new Safety(coefficients(node.get("enforced"), "safety.enforced", ConceptIds::isSafety, 0, 1));
    }

    private Map<String, Double> coefficients(
            JsonNode node, String field, Predicate<String> known, double min, double max) {
        Map<String, Double> values = new LinkedHashMap<>();
        if (absent(node)) {
            return values;
        }
        if (!node.isObject()) {
            errors.add(field, "must be an object of concept id to number");
            return values;
        }
        for (String id : node.propertyNames()) {
            if (!known.test(id)) {
                errors.add(
                        field + "." + id,
                        "is not a concept that can be used here (known: "
                                + String.join(
                                        ", ", field.startsWith("safety") ? ConceptIds.SAFETY : ConceptIds.STEERABLE)
                                + ")");
                continue;
            }
            double value = number(node.get(id), field + "." + id, min, max, Double.NaN);
            if (!Double.isNaN(value)) {
                values.put(id, value);
            }
        }
        return values;
    }

    private String preferences(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        if (!node.isString()) {
            errors.add("systemPreferences", "must be a string");
            return null;
        }
        String text = node.asString();
        if (text.length() > ProfileDocument.MAX_PREFERENCES) {
            errors.add(
                    "systemPreferences",
                    "must be at most " + ProfileDocument.MAX_PREFERENCES + " characters, not " + text.length());
        }
        return text;
    }

    private double number(JsonNode node, String field, double min, double max, double whenAbsent) {
        if (absent(node)) {
            return whenAbsent;
        }
        if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
            errors.add(field, "must be a number");
            return Double.NaN;
        }
        double value = node.asDouble();
        if (value < min || value > max) {
            errors.add(
                    field,
                    max == Double.MAX_VALUE
                            ? "must be at least " + min + ", not " + value
                            : "must be in [" + min + ", " + max + "], not " + value);
            return Double.NaN;
        }
        return value;
    }

    private boolean flag(JsonNode node, String field) {
        if (absent(node)) {
            return false;
        }
        if (!node.isBoolean()) {
            errors.add(field, "must be true or false");
            return false;
        }
        return node.asBoolean();
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
