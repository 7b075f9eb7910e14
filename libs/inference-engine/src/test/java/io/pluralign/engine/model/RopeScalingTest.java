package io.pluralign.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/**
 * Llama 3 rope scaling against values computed independently (numpy, from the formula of Hugging Face's
 * {@code _compute_llama3_parameters}) for head size 16, theta 500000, factor 8, low/high frequency factors 1 and 4.
 * Jlama, the engine's reference for logits, has no llama3 scaling, so this is its check.
 */
class RopeScalingTest {

    private static final RopeScaling LLAMA3_16 = new RopeScaling("llama3", 8, 1, 4, 16);
    private static final RopeScaling LLAMA3_64 = new RopeScaling("llama3", 8, 1, 4, 64);

    @Test
    void llama3ScalingDividesLowFrequenciesAndBlendsTheMiddleBand() {
        float[] expected16 = {
            5.760563612e-01f, 2.424034476e-02f, 4.700753838e-03f, 9.115831344e-04f,
            1.767766807e-04f, 3.428102355e-05f, 6.647869668e-06f, 1.289173156e-06f
        };
        float[] expected64 = {
            1.000000000e+00f, 7.940301299e-02f, 4.700753838e-03f, 9.115831344e-04f,
            1.767766807e-04f, 3.428102355e-05f, 6.647869668e-06f, 1.289173156e-06f
        };
        assertClose(RopeScaling.inverseFrequencies(16, 500000, LLAMA3_16), expected16);
        assertClose(RopeScaling.inverseFrequencies(16, 500000, LLAMA3_64), expected64);
    }

    @Test
    void linearScalingDividesEveryFrequencyAndNoScalingKeepsThem() {
        float[] plain = RopeScaling.inverseFrequencies(8, 10000, null);
        float[] linear = RopeScaling.inverseFrequencies(8, 10000, new RopeScaling("linear", 4, 1, 4, 0));
        assertThat(plain[0]).isEqualTo(1f);
        assertThat(plain[1]).isCloseTo(0.1f, Percentage.withPercentage(1e-4));
        for (int i = 0; i < plain.length; i++) {
            assertThat(linear[i]).isCloseTo(plain[i] / 4, Percentage.withPercentage(1e-4));
        }
    }

    @Test
    void unsupportedScalingTypesAreRefusedAtLoad() {
        assertThatThrownBy(() -> new RopeScaling("yarn", 4, 1, 4, 4096))
                .hasMessageContaining("'yarn' is not supported");
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("frequency %d", i).isCloseTo(expected[i], Percentage.withPercentage(1e-4));
        }
    }
}
