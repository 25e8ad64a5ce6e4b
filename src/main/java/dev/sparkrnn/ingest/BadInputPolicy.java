package dev.sparkrnn.ingest;

import java.util.Locale;

/** What a reader does with a record it cannot use (see {@link Defect}). */
public enum BadInputPolicy {
    /** Stop with a {@link BadInputException} naming the file, the line and what is wrong (the first by position). */
    FAIL,
    /** Drop the record and count it by {@link Defect}; {@link Checked#report(int)} tells what was dropped. */
    SKIP;

    /** "fail" or "skip" (any case). */
    public static BadInputPolicy parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "fail" -> FAIL;
            case "skip" -> SKIP;
            default -> throw new IllegalArgumentException("bad input policy must be fail or skip, not '" + s + "'");
        };
    }
}
