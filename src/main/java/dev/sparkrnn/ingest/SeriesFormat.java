package dev.sparkrnn.ingest;

import java.util.Map;

/** File formats of labelled numeric series. */
public enum SeriesFormat {
    /**
     * sktime/UCR {@code .ts}: {@code #} comments and {@code @} header lines up to {@code @data}, then one series
     * per line, {@code values:values:...:label}, channels separated by {@code :} and values by {@code ,};
     * series may differ in length; {@code ?} (or NaN) is a missing value.
     */
    TS,
    /**
     * One univariate series per line, {@code label,v1,v2,...} (label first, or last if so configured), like the
     * UCR archive's CSV/TSV files; trailing empty or NaN cells are padding of a shorter series and dropped.
     */
    CSV;

    public static SeriesFormat parse(String s) {
        return Names.parse(s, "series format", Map.of("ts", TS, "csv", CSV, "series-csv", CSV));
    }
}
