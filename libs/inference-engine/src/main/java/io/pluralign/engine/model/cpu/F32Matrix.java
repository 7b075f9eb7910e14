package io.pluralign.engine.model.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A row-major [rows, cols] F32 matrix on the Java heap. The kernels read weights from heap arrays rather than from the
 * tensors' native memory because on JDK 17 the Vector API loads from arrays run 15-35 % faster than from direct
 * buffers (docs/benchmarks.md), which is most of a decode step.
 *
 * @param data rows * cols floats
 */
public record F32Matrix(float[] data, int rows, int cols) {

    public F32Matrix {
        if (rows <= 0 || cols <= 0 || (long) rows * cols != data.length) {
            throw new IllegalArgumentException("a [" + rows + ", " + cols + "] matrix needs " + (long) rows * cols
                    + " floats, got " + data.length);
        }
    }

    /** A copy of {@code rows * cols} native-order floats from {@code buffer}. */
    public static F32Matrix copyOf(ByteBuffer buffer, int rows, int cols) {
        float[] data = new float[Math.multiplyExact(rows, cols)];
        buffer.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer().get(0, data);
        return new F32Matrix(data, rows, cols);
    }

    /** Copies row {@code row} into {@code out} at {@code offset}. */
    public void readRow(int row, float[] out, int offset) {
        System.arraycopy(data, row * cols, out, offset, cols);
    }

    /** Bytes this matrix takes on the heap. */
    public long bytes() {
        return (long) data.length * Float.BYTES;
    }
}
