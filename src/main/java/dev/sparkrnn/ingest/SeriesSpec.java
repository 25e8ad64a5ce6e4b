package dev.sparkrnn.ingest;

import java.io.Serializable;

/**
 * How to read labelled series: the format and, for {@link SeriesFormat#CSV}, the cell delimiter, whether the
 * label is the first cell (else the last) and whether each file starts with a header line to skip.
 */
public record SeriesSpec(SeriesFormat format, char delimiter, boolean labelFirst, boolean header) implements Serializable {
    public SeriesSpec {
        if (format == null) throw new IllegalArgumentException("no format");
        if (delimiter == '\n' || delimiter == '\r' || delimiter == '.' || delimiter == '-') {
            throw new IllegalArgumentException("unusable delimiter '" + delimiter + "'");
        }
    }

    public static SeriesSpec ts() {
        return new SeriesSpec(SeriesFormat.TS, ',', false, false);
    }

    /** {@code label,v1,v2,...} lines without a header. */
    public static SeriesSpec csv() {
        return new SeriesSpec(SeriesFormat.CSV, ',', true, false);
    }
}
