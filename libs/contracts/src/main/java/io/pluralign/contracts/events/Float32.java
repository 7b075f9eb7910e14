package io.pluralign.contracts.events;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** Vectors on the wire: base64 of little-endian float32 values, compact and exact for what the model computes. */
public final class Float32 {
    private Float32() {}

    public static String encode(float[] v) {
        ByteBuffer bytes = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            bytes.putFloat(f);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    /** Rounds to float32 and encodes. */
    public static String encode(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return encode(f);
    }

    /**
     * @throws IllegalArgumentException when the text is not base64 of whole float32 values
     */
    public static float[] decode(String encoded) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.remaining() % 4 != 0) {
            throw new IllegalArgumentException("a vector's bytes are not whole float32 values");
        }
        float[] v = new float[bytes.remaining() / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = bytes.getFloat();
        }
        return v;
    }

    /** Decodes a row-major matrix of {@code rows} rows into doubles. */
    public static double[][] decodeMatrix(String encoded, int rows) {
        float[] flat = decode(encoded);
        if (rows <= 0 || flat.length % rows != 0) {
            throw new IllegalArgumentException(flat.length + " values do not make " + rows + " equal rows");
        }
        int columns = flat.length / rows;
        double[][] m = new double[rows][columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                m[r][c] = flat[r * columns + c];
            }
        }
        return m;
    }

    /** Encodes a row-major matrix. */
    public static String encodeMatrix(double[][] m) {
        int columns = m.length == 0 ? 0 : m[0].length;
        double[] flat = new double[m.length * columns];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, flat, r * columns, columns);
        }
        return encode(flat);
    }
}
