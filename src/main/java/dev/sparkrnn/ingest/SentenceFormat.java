package dev.sparkrnn.ingest;

import java.util.Locale;

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
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sentence format must be tab, csv, json or parquet, not '" + s + "'");
        }
    }
}
