package io.pluralign.engine.gguf;

/**
 * The one place that turns a Pluralign layer index into a GGUF tensor name and back. The mapping is the identity,
 * {@code direction.N} is layer {@code N}, and only layer 0 has no GGUF form; why, with sources, is on
 * {@link ControlVectorFiles}.
 */
final class DirectionNumbering {

    static final String PREFIX = "direction.";

    /** Digits in the largest layer number we parse; keeps {@link Integer#parseInt} in range. */
    private static final int MAX_DIGITS = 9;

    private DirectionNumbering() {}

    /**
     * The tensor that carries Pluralign layer {@code layer}.
     *
     * @throws IllegalArgumentException for layer 0, which llama.cpp cannot steer, or a negative layer
     */
    static String tensorName(int layer) {
        if (layer == 0) {
            throw new IllegalArgumentException("layer 0 (the output of block 0) has no GGUF form: it would be"
                    + " direction.0, which llama.cpp rejects and never applies; drop that layer before exporting");
        }
        if (layer < 0) {
            throw new IllegalArgumentException("layer index must be >= 1, was " + layer);
        }
        return PREFIX + layer;
    }

    /**
     * The Pluralign layer that tensor {@code name} steers.
     *
     * @throws IllegalArgumentException with the reason, when the name is not {@code direction.N} with {@code N >= 1}
     */
    static int layerOf(String name) {
        if (!name.startsWith(PREFIX)) {
            throw new IllegalArgumentException("is not a control-vector direction: llama.cpp and repeng name every"
                    + " tensor of a control vector direction.N, with N >= 1");
        }
        String digits = name.substring(PREFIX.length());
        if (digits.isEmpty() || digits.length() > MAX_DIGITS || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(
                    "has no layer number after '" + PREFIX + "' (expected 1 to " + MAX_DIGITS + " decimal digits)");
        }
        int n = Integer.parseInt(digits);
        if (n == 0) {
            throw new IllegalArgumentException("direction.0 would steer the output of block 0, which llama.cpp"
                    + " cannot steer (common_control_vector_load_one rejects the file)");
        }
        return n;
    }
}
