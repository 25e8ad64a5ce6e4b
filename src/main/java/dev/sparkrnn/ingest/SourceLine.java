package dev.sparkrnn.ingest;

import java.io.Serializable;

/**
 * One line of a text file, without its line break, and where it is. {@code validUtf8} is false when the
 * line's bytes were not valid UTF-8 (the text then holds U+FFFD in their place).
 */
public record SourceLine(Source source, String text, boolean validUtf8) implements Serializable {

    /** A problem of the line's bytes (NUL: binary data; invalid UTF-8), or null. */
    public Problem encodingProblem() {
        int nul = text.indexOf('\0');
        if (nul >= 0) return new Problem(source, Defect.NOT_TEXT, "not a text file (NUL byte at column " + (nul + 1) + ")");
        if (!validUtf8) {
            return new Problem(source, Defect.NOT_UTF8, "not valid UTF-8 (undecodable bytes near column "
                    + (text.indexOf('\uFFFD') + 1) + ")");
        }
        return null;
    }

    public boolean isBlank() {
        return text.isBlank();
    }
}
