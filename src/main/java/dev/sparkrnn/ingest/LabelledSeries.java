package dev.sparkrnn.ingest;

import java.io.Serializable;

/**
 * A numeric series of {@code length} steps of {@code channels} values, stored step by step
 * ({@code values[t * channels + c]}), and its label. (Equality of the array is by identity, as for any record.)
 */
public record LabelledSeries(Source source, int channels, int length, double[] values, String label)
        implements Located, Serializable {
    public LabelledSeries {
        if (channels <= 0 || length <= 0 || values.length != channels * length) {
            throw new IllegalArgumentException(values.length + " values for " + length + " steps of " + channels + " channels");
        }
    }

    public double value(int step, int channel) {
        return values[step * channels + channel];
    }
}
