package io.pluralign.engine.model.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VectorKernelsTest {

    @ParameterizedTest
    @CsvSource({"1, 64, 8", "5, 64, 8", "9, 37, 13", "4, 3, 5", "7, 200, 1"})
    void matVecMatchesADoublePrecisionProductForRaggedSizes(int rows, int cols, int out) {
        SplittableRandom random = new SplittableRandom(rows * 1000L + cols);
        float[] weights = values(random, out * cols);
        float[] x = values(random, rows * cols);
        float[] y = new float[rows * out];
        VectorKernels.matVec(new F32Matrix(weights, out, cols), x, rows, y, 0, out);
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double expected = 0;
                for (int c = 0; c < cols; c++) {
                    expected += (double) weights[o * cols + c] * x[r * cols + c];
                }
                assertThat((double) y[r * out + o])
                        .as("row %d, output %d", r, o)
                        .isCloseTo(expected, within(1e-4));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"64", "37"})
    void aRowsResultIsBitIdenticalWhateverTheRowsBesideItAndTheSplit(int cols) {
        SplittableRandom random = new SplittableRandom(cols);
        int out = 11;
        int rows = 6;
        F32Matrix w = new F32Matrix(values(random, out * cols), out, cols);
        float[] x = values(random, rows * cols);
        float[] together = new float[rows * out];
        VectorKernels.matVec(w, x, rows, together, 0, 4); // two parts, as two threads would split it
        VectorKernels.matVec(w, x, rows, together, 4, out);
        for (int r = 0; r < rows; r++) {
            float[] alone = new float[out];
            VectorKernels.matVec(w, Arrays.copyOfRange(x, r * cols, (r + 1) * cols), 1, alone, 0, out);
            assertThat(Arrays.copyOfRange(together, r * out, (r + 1) * out))
                    .as("row %d", r)
                    .containsExactly(alone);
        }
    }

    @ParameterizedTest
    @CsvSource({"16", "21"})
    void dotAndAddScaledReadNativeMemoryAtAByteOffset(int n) {
        SplittableRandom random = new SplittableRandom(n);
        float[] data = values(random, 3 * n);
        float[] x = values(random, n);
        ByteBuffer buffer = nativeFloats(data);
        double expected = 0;
        for (int i = 0; i < n; i++) {
            expected += (double) data[n + i] * x[i];
        }
        assertThat((double) VectorKernels.dot(buffer, n * Float.BYTES, x, 0, n)).isCloseTo(expected, within(1e-5));
        float[] y = x.clone();
        VectorKernels.addScaled(0.5f, buffer, 2 * n * Float.BYTES, y, 0, n);
        for (int i = 0; i < n; i++) {
            assertThat(y[i]).isCloseTo(x[i] + 0.5f * data[2 * n + i], within(1e-6f));
        }
    }

    private static ByteBuffer nativeFloats(float[] values) {
        ByteBuffer buffer =
                ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder());
        buffer.asFloatBuffer().put(values);
        return buffer;
    }

    private static float[] values(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }
}
