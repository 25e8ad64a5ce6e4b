package dev.sparkrnn.train;

import dev.sparkrnn.kernel.Precision;
import java.io.Serializable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * One update's parameters as its tasks receive them. Up to {@link #INLINE_MAX_BYTES} they travel inside the
 * tasks themselves, which Spark broadcasts to the executors with the job's code: one broadcast an update
 * instead of two, and nothing to destroy. Larger parameters get a broadcast of their own, destroyed after the
 * update ({@link #release}): Spark warns of task binaries over 1,000 KiB, and its own broadcast is what
 * carries large values. In float64 the tasks get a copy of theta; in float32 theta rounded to float32, half
 * the bytes, which changes nothing the kernel computes: the float32 kernel rounds theta to float32 anyway,
 * and a float widened to double rounds back to the same float.
 */
final class TaskTheta implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The most bytes of parameters carried inside the tasks (below Spark's 1,000 KiB task-binary warning). */
    static final long INLINE_MAX_BYTES = 900L * 1024;
    private static final ThreadLocal<double[]> WIDE = new ThreadLocal<>();

    private final Object inline;            // double[] or float[], or null when broadcast
    private final Broadcast<Object> broadcast;

    private TaskTheta(Object inline, Broadcast<Object> broadcast) {
        this.inline = inline;
        this.broadcast = broadcast;
    }

    /** A copy of {@code theta} as {@code precision} computes with it, inside the tasks or broadcast by its size. */
    static TaskTheta of(JavaSparkContext sc, double[] theta, Precision precision) {
        Object value = precision == Precision.FLOAT64 ? theta.clone()
                : Precision.toFloat32(theta, theta.length, new float[theta.length]);
        long bytes = (long) theta.length * (precision == Precision.FLOAT64 ? Double.BYTES : Float.BYTES);
        return bytes <= INLINE_MAX_BYTES ? new TaskTheta(value, null) : new TaskTheta(null, sc.broadcast(value));
    }

    /** Whether the parameters have a broadcast of their own. */
    boolean broadcast() {
        return broadcast != null;
    }

    /** Spark's id of that broadcast. */
    long broadcastId() {
        return broadcast.id();
    }

    /**
     * Theta as a double[], read-only. In float32 it is widened into this thread's buffer, which the next call
     * on the thread overwrites.
     */
    double[] value() {
        Object v = inline != null ? inline : broadcast.value();
        if (v instanceof double[] d) return d;
        float[] f = (float[]) v;
        double[] d = WIDE.get();
        if (d == null || d.length != f.length) {
            d = new double[f.length];
            WIDE.set(d);
        }
        return Precision.toFloat64(f, f.length, d);
    }

    /** After the update: removes the broadcast, if there is one, from the driver and the executors. */
    void release() {
        if (broadcast != null) broadcast.destroy();
    }
}
