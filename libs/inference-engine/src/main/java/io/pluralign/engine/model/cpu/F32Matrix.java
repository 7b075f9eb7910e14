package io.pluralign.engine.model.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A row-major [rows, cols] F32 matrix read in place from native memory (a tensor's storage), little-endian.
 *
 * @param data exactly rows * cols * 4 bytes
 */
public record F32Matrix(ByteBuffer data, int rows, int cols) {

    public F32Matrix {
        if (rows <= 0 || cols <= 0 || (long) rows * cols * Float.BYTES != data.capacity()) {
            throw new IllegalArgumentException("a [" + rows + ", " + cols + "] F32 matrix needs "
                    + (long) rows * cols * Float.BYTES + " bytes, got " + data.capacity());
        }
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("the CPU kernels assume a little-endian machine");
        }
        data = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Copies row {@code row} into {@code out} at {@code offset}. */
    public void readRow(int row, float[] out, int offset) {
        data.asFloatBuffer().get(row * cols, out, offset, cols);
    }

    /** Row {@code row} as a new array (norm weights, biases: [1, n] matrices read once). */
    public float[] row(int row) {
        float[] out = new float[cols];
        readRow(row, out, 0);
        return out;
    }
}
