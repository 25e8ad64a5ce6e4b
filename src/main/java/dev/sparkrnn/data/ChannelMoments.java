package dev.sparkrnn.data;

import java.io.Serializable;

/**
 * Running count, mean and sum of squared deviations of each channel of numeric series, over all their
 * time steps: what {@link Normalization} is made from. Mergeable, so a Spark job can fold partitions
 * and combine them ({@code treeAggregate(new ChannelMoments(c), ChannelMoments::add, ChannelMoments::merge)}).
 * Updates are Welford's, merges Chan et al.'s, which stay accurate when the mean is large.
 */
public final class ChannelMoments implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int channels;
    private long steps;
    private final double[] mean;
    private final double[] m2;   // sum over steps of (x - mean)^2

    public ChannelMoments(int channels) {
        if (channels <= 0) throw new IllegalArgumentException("channels must be positive: " + channels);
        this.channels = channels;
        this.mean = new double[channels];
        this.m2 = new double[channels];
    }

    /** Adds a series of T steps stored step by step ({@code values[t * C + c]}); returns this. */
    public ChannelMoments add(double[] values) {
        if (values.length % channels != 0) {
            throw new IllegalArgumentException(values.length + " values are not steps of " + channels + " channels");
        }
        for (int off = 0; off < values.length; off += channels) {
            steps++;
            for (int c = 0; c < channels; c++) {
                double d = values[off + c] - mean[c];
                mean[c] += d / steps;
                m2[c] += d * (values[off + c] - mean[c]);
            }
        }
        return this;
    }

    /** Adds the steps counted by {@code other} into this; returns this. */
    public ChannelMoments merge(ChannelMoments other) {
        if (other.channels != channels) throw new IllegalArgumentException("channels differ: " + channels + " vs " + other.channels);
        if (other.steps == 0) return this;
        long n = steps + other.steps;
        for (int c = 0; c < channels; c++) {
            double d = other.mean[c] - mean[c];
            mean[c] += d * other.steps / n;
            m2[c] += other.m2[c] + d * d * ((double) steps * other.steps / n);
        }
        steps = n;
        return this;
    }

    public int channels() {
        return channels;
    }

    /** Number of time steps counted. */
    public long steps() {
        return steps;
    }

    public double[] mean() {
        return mean.clone();
    }

    /** Population standard deviation of each channel (0 before any step). */
    public double[] std() {
        double[] s = new double[channels];
        for (int c = 0; c < channels; c++) s[c] = steps == 0 ? 0 : Math.sqrt(Math.max(0, m2[c] / steps));
        return s;
    }
}
