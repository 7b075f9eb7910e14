package io.pluralign.engine.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HalfFloatTest {

    /** All 65536 half-precision values against the definition: (-1)^s * 2^(e-15) * (1 + m/1024), subnormals 2^-14 * m/1024. */
    @Test
    void everyHalfConvertsToTheFloatOfTheSameValue() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            int sign = bits >>> 15;
            int exponent = (bits >>> 10) & 0x1F;
            int mantissa = bits & 0x3FF;
            float converted = HalfFloat.toFloat((short) bits);

            if (exponent == 0x1F && mantissa == 0) {
                assertThat(converted).isEqualTo(sign == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY);
            } else if (exponent == 0x1F) {
                assertThat(converted).as("0x%04x", bits).isNaN();
            } else {
                double magnitude = exponent == 0
                        ? Math.scalb(mantissa / 1024.0, -14)
                        : Math.scalb(1 + mantissa / 1024.0, exponent - 15);
                double expected = sign == 0 ? magnitude : -magnitude;
                assertThat((double) converted).as("0x%04x", bits).isEqualTo(expected);
                assertThat(Math.copySign(1f, converted))
                        .as("sign of 0x%04x", bits)
                        .isEqualTo(sign == 0 ? 1f : -1f);
            }
        }
    }

    @Test
    void everyHalfSurvivesTheRoundTripThroughFloat() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            float value = HalfFloat.toFloat((short) bits);
            if (!Float.isNaN(value)) {
                assertThat(HalfFloat.fromFloat(value) & 0xFFFF)
                        .as("0x%04x", bits)
                        .isEqualTo(bits);
            }
        }
    }
}
