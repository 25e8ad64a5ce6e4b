package dev.sparkrnn.train;

import dev.sparkrnn.kernel.Precision;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * What one partition sends to the driver, and what {@code treeAggregate} combines in place: the sum of
 * dL/dtheta over the partition's targets, the summed loss, the number of targets (the driver divides by
 * the global count, so the update does not depend on how the data is partitioned), time steps, and the
 * partition's kernel time (the slowest partition is the critical path).
 *
 * <p>A sum computed by the float32 kernel travels as float32 ({@link #sendAsFloat32}), half the bytes: a
 * task's sum is float32 gradients added in float64, so rounding it loses at most one float32 rounding
 * (relative 6e-8) per task (and per level of a treeAggregate), below what float32 already differs from
 * float64; the driver adds the partitions' sums in float64.
 */
public final class GradientSum implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Summed gradient; length 0 for the neutral element (it adopts the first array it meets). */
    public transient double[] gradient;
    /** Whether the gradient is rounded to float32 when this sum is serialized. */
    public boolean sendAsFloat32;
    public double loss;
    public long targets;
    public long steps;
    public long sequences;
    /** Maximum over partitions of the seconds spent in the kernel. */
    public double kernelSeconds;

    public GradientSum(int size) {
        this.gradient = new double[size];
    }

    /** The neutral element: adds nothing and allocates nothing. */
    public static GradientSum zero() {
        return new GradientSum(0);
    }

    /** this += other, in place (adopting other's array when this is the neutral element). */
    public GradientSum merge(GradientSum other) {
        if (other.gradient.length == 0) {
            // nothing to add but the counters
        } else if (gradient.length == 0) {
            gradient = other.gradient;
        } else {
            if (gradient.length != other.gradient.length) {
                throw new IllegalStateException("gradient sizes differ: " + gradient.length + " vs " + other.gradient.length);
            }
            double[] g = gradient, o = other.gradient;
            for (int i = 0; i < g.length; i++) g[i] += o[i];
        }
        sendAsFloat32 |= other.sendAsFloat32;
        loss += other.loss;
        targets += other.targets;
        steps += other.steps;
        sequences += other.sequences;
        kernelSeconds = Math.max(kernelSeconds, other.kernelSeconds);
        return this;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeObject(sendAsFloat32 ? Precision.toFloat32(gradient, gradient.length, new float[gradient.length]) : gradient);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        Object g = in.readObject();
        gradient = g instanceof float[] f ? Precision.toFloat64(f, f.length, new double[f.length]) : (double[]) g;
    }
}
