package dev.sparkrnn.train;

import dev.sparkrnn.kernel.Precision;
import java.io.Serializable;

/**
 * One update's parameters as its tasks receive them: inside the task itself, which Spark broadcasts to the
 * executors with the job's code (one broadcast per update instead of two, and nothing to destroy). In float64
 * it is a copy of theta; in float32 theta rounded to float32, half the bytes, which changes nothing the
 * kernel computes: the float32 kernel rounds theta to float32 anyway, and a float widened to double rounds
 * back to the same float.
 */
final class TaskTheta implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ThreadLocal<double[]> WIDE = new ThreadLocal<>();

    private final double[] wide;
    private final float[] narrow;

    private TaskTheta(double[] wide, float[] narrow) {
        this.wide = wide;
        this.narrow = narrow;
    }

    /** A copy of {@code theta} as {@code precision} computes with it. */
    static TaskTheta of(double[] theta, Precision precision) {
        if (precision == Precision.FLOAT64) return new TaskTheta(theta.clone(), null);
        float[] f = new float[theta.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) theta[i];
        return new TaskTheta(null, f);
    }

    /**
     * Theta as a double[], read-only. In float32 it is widened into this thread's buffer, which the next call
     * on the thread overwrites.
     */
    double[] value() {
        if (wide != null) return wide;
        double[] d = WIDE.get();
        if (d == null || d.length != narrow.length) {
            d = new double[narrow.length];
            WIDE.set(d);
        }
        for (int i = 0; i < narrow.length; i++) d[i] = narrow[i];
        return d;
    }
}
