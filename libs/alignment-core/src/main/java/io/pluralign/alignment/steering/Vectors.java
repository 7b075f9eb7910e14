package io.pluralign.alignment.steering;

/** Small dense-vector helpers; sums run in double so results do not depend on vector length much. */
public final class Vectors {
    private Vectors() {}

    public static double dot(float[] a, float[] b) {
        requireSameLength(a, b);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    public static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** {@code target += factor * v}. */
    public static void addScaled(float[] target, float[] v, double factor) {
        requireSameLength(target, v);
        for (int i = 0; i < target.length; i++) {
            target[i] += (float) (factor * v[i]);
        }
    }

    /** A new vector {@code factor * v}. */
    public static float[] scaled(float[] v, double factor) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (factor * v[i]);
        }
        return out;
    }

    /** {@code v} divided by its norm; a zero vector stays zero. */
    public static float[] unit(float[] v) {
        double n = norm(v);
        return n == 0 ? new float[v.length] : scaled(v, 1 / n);
    }

    static void requireSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of lengths " + a.length + " and " + b.length);
        }
    }
}
