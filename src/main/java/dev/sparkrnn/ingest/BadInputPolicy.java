package dev.sparkrnn.ingest;

import java.util.Map;

/** What a reader does with a record it cannot use (see {@link Defect}). */
public enum BadInputPolicy {
    /** Stop with a {@link BadInputException} naming the file, the line and what is wrong (the first by position). */
    FAIL,
    /** Drop the record and count it by {@link Defect}; {@link Checked#report(int)} tells what was dropped. */
    SKIP;

    /** "fail" or "skip" (any case). */
    public static BadInputPolicy parse(String s) {
        return Names.parse(s, "bad input policy", Map.of("fail", FAIL, "skip", SKIP));
    }
}
