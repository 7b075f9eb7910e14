package io.pluralign.engine.gguf;

/** IEEE 754 half precision (GGML's F16) to float; Java 17 has no {@code Float.float16ToFloat}. */
final class Float16 {

    private Float16() {}

    /** The float with the same value as half-precision {@code bits}, exactly (every half is a float). */
    static float toFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) {
            // infinity (mantissa 0) or NaN, payload kept in the high mantissa bits
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // zero or subnormal: mantissa * 2^-24, exact in a float
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        // normal: rebias the exponent from 15 to 127 and widen the mantissa from 10 to 23 bits
        return Float.intBitsToFloat(sign | ((exponent + 127 - 15) << 23) | (mantissa << 13));
    }
}
