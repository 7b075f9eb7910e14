package io.pluralign.engine.model.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products with the Vector API: matrix-vector products over heap weights, and dot products and scaled adds over
 * native memory (the KV cache). Every (weight row, input row) dot product is summed in
 * the same order whatever the batch or thread split: one vector accumulator over the columns in order, its lanes
 * added, then the scalar tail. On JDK 17 the lanes are added left to right both by the JIT's x86 and AArch64 code and
 * by the interpreter, so results do not change as the code warms up either (CpuDecoderTest checks bit-identity)., so a row's result never depends on the rows beside it.
 */
public final class VectorKernels {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private VectorKernels() {}

    /**
     * y[r * out + o] = W[o] . x[r * in ...] for weight rows o in [from, to) and input rows r in [0, rows), where W is
     * [out, in]. Input rows go four at a time past each weight row, so the weights are read from memory once.
     */
    public static void matVec(F32Matrix w, float[] x, int rows, float[] y, int from, int to) {
        float[] data = w.data();
        int in = w.cols();
        int out = w.rows();
        int bound = SPECIES.loopBound(in);
        for (int o = from; o < to; o++) {
            int base = o * in;
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                int x0 = r * in;
                int x1 = x0 + in;
                int x2 = x1 + in;
                int x3 = x2 + in;
                FloatVector a0 = FloatVector.zero(SPECIES);
                FloatVector a1 = a0;
                FloatVector a2 = a0;
                FloatVector a3 = a0;
                for (int c = 0; c < bound; c += LANES) {
                    FloatVector wv = FloatVector.fromArray(SPECIES, data, base + c);
                    a0 = wv.fma(FloatVector.fromArray(SPECIES, x, x0 + c), a0);
                    a1 = wv.fma(FloatVector.fromArray(SPECIES, x, x1 + c), a1);
                    a2 = wv.fma(FloatVector.fromArray(SPECIES, x, x2 + c), a2);
                    a3 = wv.fma(FloatVector.fromArray(SPECIES, x, x3 + c), a3);
                }
                y[r * out + o] = finish(a0, data, base, x, x0, bound, in);
                y[(r + 1) * out + o] = finish(a1, data, base, x, x1, bound, in);
                y[(r + 2) * out + o] = finish(a2, data, base, x, x2, bound, in);
                y[(r + 3) * out + o] = finish(a3, data, base, x, x3, bound, in);
            }
            for (; r < rows; r++) {
                int x0 = r * in;
                FloatVector acc = FloatVector.zero(SPECIES);
                for (int c = 0; c < bound; c += LANES) {
                    acc = FloatVector.fromArray(SPECIES, data, base + c)
                            .fma(FloatVector.fromArray(SPECIES, x, x0 + c), acc);
                }
                y[r * out + o] = finish(acc, data, base, x, x0, bound, in);
            }
        }
    }

    /** The dot product of {@code n} floats at byte {@code offset} of {@code data} with x[xOffset ...]. */
    public static float dot(ByteBuffer data, int offset, float[] x, int xOffset, int n) {
        int bound = SPECIES.loopBound(n);
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int c = 0; c < bound; c += LANES) {
            acc = FloatVector.fromByteBuffer(SPECIES, data, offset + c * Float.BYTES, ORDER)
                    .fma(FloatVector.fromArray(SPECIES, x, xOffset + c), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (int c = bound; c < n; c++) {
            sum += data.getFloat(offset + c * Float.BYTES) * x[xOffset + c];
        }
        return sum;
    }

    /** y[yOffset + i] += a * data[offset + i] for {@code n} floats at byte {@code offset}. */
    public static void addScaled(float a, ByteBuffer data, int offset, float[] y, int yOffset, int n) {
        int bound = SPECIES.loopBound(n);
        FloatVector av = FloatVector.broadcast(SPECIES, a);
        for (int c = 0; c < bound; c += LANES) {
            FloatVector.fromByteBuffer(SPECIES, data, offset + c * Float.BYTES, ORDER)
                    .fma(av, FloatVector.fromArray(SPECIES, y, yOffset + c))
                    .intoArray(y, yOffset + c);
        }
        for (int c = bound; c < n; c++) {
            y[yOffset + c] += a * data.getFloat(offset + c * Float.BYTES);
        }
    }

    /** The accumulator's lanes added in order, then the columns past the last whole vector. */
    private static float finish(FloatVector acc, float[] w, int offset, float[] x, int xOffset, int bound, int n) {
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (int c = bound; c < n; c++) {
            sum += w[offset + c] * x[xOffset + c];
        }
        return sum;
    }
}
