package dev.sparkrnn.ingest;

import java.io.Serializable;
import java.util.Locale;

/**
 * What to do with sequences longer than {@code maxLength} steps ({@code maxLength <= 0}: no limit):
 * {@link Overflow#TRUNCATE} keeps the first {@code maxLength} steps; {@link Overflow#SPLIT} cuts the sequence
 * into pieces of {@code maxLength} steps (the last one shorter), each a sequence of its own with the same
 * label (classification) or its own part of the tags (tagging), numbered in the record id
 * ({@link RecordIds}).
 */
public record LengthLimit(int maxLength, Overflow overflow) implements Serializable {

    public enum Overflow {
        SPLIT, TRUNCATE;

        public static Overflow parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "split" -> SPLIT;
                case "truncate" -> TRUNCATE;
                default -> throw new IllegalArgumentException("overflow must be split or truncate, not '" + s + "'");
            };
        }
    }

    public LengthLimit {
        if (overflow == null) throw new IllegalArgumentException("no overflow rule");
    }

    public static LengthLimit none() {
        return new LengthLimit(0, Overflow.TRUNCATE);
    }

    /** Number of sequences a sequence of {@code length} steps becomes. */
    public int pieces(int length) {
        if (maxLength <= 0 || length <= maxLength || overflow == Overflow.TRUNCATE) return 1;
        return (int) ((length + (long) maxLength - 1) / maxLength);
    }

    /** First step of piece {@code i}. */
    public int start(int i) {
        return maxLength <= 0 ? 0 : i * maxLength;
    }

    /** Steps of piece {@code i} of a sequence of {@code length} steps. */
    public int length(int length, int i) {
        return maxLength <= 0 ? length : Math.min(maxLength, length - start(i));
    }
}
