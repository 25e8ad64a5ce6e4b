package dev.sparkrnn.kernel;

/** The index of the largest value, the first of equal ones: the predicted class of y^. */
public final class Argmax {
    private Argmax() {
    }

    /** argmax over a[off .. off + n). */
    public static int of(double[] a, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (a[off + i] > a[off + best]) best = i;
        return best;
    }

    /** The same in float32. */
    public static int of(float[] a, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (a[off + i] > a[off + best]) best = i;
        return best;
    }
}
