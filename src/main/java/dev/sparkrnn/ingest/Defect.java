package dev.sparkrnn.ingest;

/** Why a record cannot be used: the key under which {@link BadInputPolicy#SKIP} counts dropped records. */
public enum Defect {
    /** The record does not have the expected shape (no TAB, too few columns, a value that is not a number, ...). */
    MALFORMED("malformed"),
    /** No tokens or no time steps. */
    EMPTY("empty sequence"),
    /** A label or tag that the training data never had (validation data). */
    UNSEEN_LABEL("label not among the model's labels"),
    /** The file holds binary data (NUL bytes). */
    NOT_TEXT("not a text file"),
    /** Bytes that are not valid UTF-8 (decoded as U+FFFD). */
    NOT_UTF8("not valid UTF-8"),
    /** A missing value ('?') in a numeric series. */
    MISSING_VALUE("missing value"),
    /** A sequence pair whose source or target has more tokens than max.length (pairs are never cut). */
    TOO_LONG("longer than max.length");

    private final String description;

    Defect(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
