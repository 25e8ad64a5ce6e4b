package dev.sparkrnn.train;

import java.io.Serializable;

/**
 * What one partition sends to the driver, and what {@code treeAggregate} combines in place: the sum of
 * dL/dtheta over the partition's targets, the summed loss, the number of targets (the driver divides by
 * the global count, so the update does not depend on how the data is partitioned), time steps, and the
 * partition's kernel time (the slowest partition is the critical path).
 */
public final class GradientSum implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Summed gradient; length 0 for the neutral element (it adopts the first array it meets). */
    public double[] gradient;
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
        loss += other.loss;
        targets += other.targets;
        steps += other.steps;
        sequences += other.sequences;
        kernelSeconds = Math.max(kernelSeconds, other.kernelSeconds);
        return this;
    }
}
