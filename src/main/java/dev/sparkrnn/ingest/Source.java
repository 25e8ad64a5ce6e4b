package dev.sparkrnn.ingest;

import java.io.Serializable;

/**
 * Where a record comes from: the file (its Hadoop path), the file's index among the sorted input files, and
 * the 1-based number of the record's first line ({@code unit} "line") or, for CSV, JSON and Parquet read by
 * Spark SQL, of its data row ({@code unit} "row": the header does not count, blank JSON lines do not count).
 */
public record Source(String file, int fileIndex, long line, String unit) implements Serializable, Comparable<Source> {

    public static Source line(String file, int fileIndex, long line) {
        return new Source(file, fileIndex, line, "line");
    }

    public static Source row(String file, int fileIndex, long row) {
        return new Source(file, fileIndex, row, "row");
    }

    /** The record's stable id ({@link RecordIds}, piece 0). */
    public long id() {
        return RecordIds.of(fileIndex, line, 0);
    }

    /** "file line N", the prefix of every message about this record. */
    public String where() {
        return file + " " + unit + " " + line;
    }

    /** Order of position: file index, then line. */
    @Override
    public int compareTo(Source o) {
        return fileIndex != o.fileIndex ? Integer.compare(fileIndex, o.fileIndex) : Long.compare(line, o.line);
    }

    @Override
    public String toString() {
        return where();
    }
}
