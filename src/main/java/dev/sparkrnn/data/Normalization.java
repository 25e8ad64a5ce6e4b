package dev.sparkrnn.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Per-channel standardisation of numeric series: x' = (x - mean_c) / std_c, with mean and std computed from
 * the training data ({@link #of}) and then applied unchanged to training and validation data. A channel
 * whose std is below the floor (constant channels) is divided by the floor instead, so it becomes ~0 rather
 * than infinite. {@link #mean()} and {@link #std()} (std already floored) are all a model file needs to save.
 */
public final class Normalization implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] mean;
    private final double[] std;

    /** A normalization with these per-channel means and (positive) standard deviations. */
    public Normalization(double[] mean, double[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("need one mean and one std per channel: " + mean.length + " vs " + std.length);
        }
        for (int c = 0; c < mean.length; c++) {
            if (!Double.isFinite(mean[c]) || !(std[c] > 0) || !Double.isFinite(std[c])) {
                throw new IllegalArgumentException("channel " + c + ": mean " + mean[c] + ", std " + std[c]);
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** From the moments of the training data; each std is at least {@code stdFloor} (> 0). */
    public static Normalization of(ChannelMoments moments, double stdFloor) {
        if (!(stdFloor > 0)) throw new IllegalArgumentException("std floor must be positive: " + stdFloor);
        if (moments.steps() == 0) throw new IllegalArgumentException("no training steps to normalize from");
        double[] s = moments.std();
        for (int c = 0; c < s.length; c++) s[c] = Math.max(s[c], stdFloor);
        return new Normalization(moments.mean(), s);
    }

    /** Leaves values unchanged (mean 0, std 1). */
    public static Normalization identity(int channels) {
        double[] ones = new double[channels];
        Arrays.fill(ones, 1);
        return new Normalization(new double[channels], ones);
    }

    public int channels() {
        return mean.length;
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] std() {
        return std.clone();
    }

    /** The normalized copy of a series stored step by step ({@code values[t * C + c]}). */
    public double[] apply(double[] values) {
        int c = mean.length;
        if (values.length % c != 0) throw new IllegalArgumentException(values.length + " values are not steps of " + c + " channels");
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (values[i] - mean[i % c]) / std[i % c];
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(n.mean, mean) && Arrays.equals(n.std, std);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mean) * 31 + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization(mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std) + ")";
    }
}
