package io.pluralign.engine.model;

/**
 * The {@code rope_scaling} block of config.json. Supported types: {@code linear} (positions divided by the factor) and
 * {@code llama3} (Llama 3.1's frequency-dependent scaling); others are refused at load.
 */
public record RopeScaling(
        String type, double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositions) {

    public RopeScaling {
        if (!type.equals("linear") && !type.equals("llama3")) {
            throw new IllegalArgumentException(
                    "config.json: rope_scaling type '" + type + "' is not supported (linear, llama3 are)");
        }
        if (!(factor > 0)) {
            throw new IllegalArgumentException("config.json: rope_scaling factor must be positive");
        }
        if (type.equals("llama3") && (originalMaxPositions <= 0 || !(highFreqFactor > lowFreqFactor))) {
            throw new IllegalArgumentException("config.json: llama3 rope_scaling needs original_max_position_embeddings"
                    + " and high_freq_factor > low_freq_factor");
        }
    }

    /**
     * Rotary inverse frequencies for {@code headDim} and {@code theta}, with this scaling applied when not null.
     * Computed in float like the reference implementation, so long positions round the same way.
     */
    public static float[] inverseFrequencies(int headDim, double theta, RopeScaling scaling) {
        float[] inv = new float[headDim / 2];
        for (int i = 0; i < inv.length; i++) {
            float exponent = (float) (2 * i) / headDim;
            inv[i] = 1.0f / (float) Math.pow(theta, exponent);
        }
        if (scaling == null) {
            return inv;
        }
        if (scaling.type().equals("linear")) {
            for (int i = 0; i < inv.length; i++) {
                inv[i] = (float) (inv[i] / scaling.factor());
            }
            return inv;
        }
        double lowFreqWavelen = scaling.originalMaxPositions() / scaling.lowFreqFactor();
        double highFreqWavelen = scaling.originalMaxPositions() / scaling.highFreqFactor();
        for (int i = 0; i < inv.length; i++) {
            double wavelen = 2 * Math.PI / inv[i];
            if (wavelen > lowFreqWavelen) {
                inv[i] = (float) (inv[i] / scaling.factor());
            } else if (wavelen >= highFreqWavelen) {
                double smooth = (scaling.originalMaxPositions() / wavelen - scaling.lowFreqFactor())
                        / (scaling.highFreqFactor() - scaling.lowFreqFactor());
                inv[i] = (float) ((1 - smooth) * inv[i] / scaling.factor() + smooth * inv[i]);
            }
        }
        return inv;
    }
}
