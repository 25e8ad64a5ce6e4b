package dev.sparkrnn.ingest;

import java.io.Serializable;

/**
 * How to read labelled sentences: the format and, for CSV, JSON and Parquet, the names of the text and label
 * columns (ignored by {@link SentenceFormat#TAB}).
 */
public record SentenceSpec(SentenceFormat format, String textColumn, String labelColumn) implements Serializable {
    public SentenceSpec {
        if (format == null) throw new IllegalArgumentException("no format");
        if (format != SentenceFormat.TAB && (textColumn == null || textColumn.isBlank()
                || labelColumn == null || labelColumn.isBlank())) {
            throw new IllegalArgumentException(format + " needs the names of the text and label columns");
        }
    }

    /** {@code text<TAB>label} lines. */
    public static SentenceSpec tab() {
        return new SentenceSpec(SentenceFormat.TAB, "text", "label");
    }
}
