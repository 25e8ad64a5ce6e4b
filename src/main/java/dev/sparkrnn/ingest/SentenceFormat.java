package dev.sparkrnn.ingest;

import java.util.Map;

/** File formats of labelled sentences. */
public enum SentenceFormat {
    /** {@code text<TAB>label} lines (the label after the last TAB); blank lines are ignored. */
    TAB,
    /** CSV with a header line naming the columns (Spark's CSV reader: quotes, one record per line). */
    CSV,
    /** JSON lines: one object per line, fields named by the text and label columns. */
    JSON,
    /** Parquet with named columns (the label may be of any type; it is read as a string). */
    PARQUET;

    public static SentenceFormat parse(String s) {
        return Names.parse(s, "sentence format", Map.of("tab", TAB, "csv", CSV, "json", JSON, "parquet", PARQUET));
    }
}
