package dev.sparkrnn.ingest;

import java.io.Serializable;

/** A record that cannot be used: where, why (the counted {@link Defect}) and a detail for people. */
public record Problem(Source source, Defect defect, String detail) implements Serializable {

    /** "file line N: detail". */
    public String message() {
        return source.where() + ": " + detail;
    }

    @Override
    public String toString() {
        return message();
    }
}
