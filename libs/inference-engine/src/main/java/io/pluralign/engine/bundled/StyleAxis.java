package io.pluralign.engine.bundled;

import java.util.Locale;

/**
 * An axis along which the style of a corpus answer varies. Each axis has a high pole (sign {@code +1}), a low pole
 * (sign {@code -1}) and neutral ({@code 0}); {@link #concept()} is the steering concept id it stands for.
 */
public enum StyleAxis {
    OPENNESS("trait.openness", "high", "low"),
    CONSCIENTIOUSNESS("trait.conscientiousness", "high", "low"),
    EXTRAVERSION("trait.extraversion", "high", "low"),
    AGREEABLENESS("trait.agreeableness", "high", "low"),
    NEUROTICISM("trait.neuroticism", "high", "low"),
    FORMALITY("style.formality", "formal", "casual"),
    SENTIMENT("style.sentiment", "positive", "negative"),
    VERBOSITY("style.verbosity", "verbose", "terse");

    private final String concept;
    private final String highPole;
    private final String lowPole;

    StyleAxis(String concept, String highPole, String lowPole) {
        this.concept = concept;
        this.highPole = highPole;
        this.lowPole = lowPole;
    }

    /** Lower-case name, e.g. {@code extraversion}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Steering concept id, e.g. {@code trait.extraversion} or {@code style.formality}. */
    public String concept() {
        return concept;
    }

    /** Whether this is one of the five Big Five traits. */
    public boolean isBigFive() {
        return ordinal() <= NEUROTICISM.ordinal();
    }

    /** Name of the pole with the given sign: {@code +1} high, {@code -1} low, {@code 0} {@code neutral}. */
    public String poleName(int sign) {
        if (sign > 0) {
            return highPole;
        }
        return sign < 0 ? lowPole : "neutral";
    }
}
