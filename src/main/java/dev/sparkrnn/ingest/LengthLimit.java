package dev.sparkrnn.ingest;

import dev.sparkrnn.data.EncodedSequence;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
            return Names.parse(s, "overflow", Map.of("split", SPLIT, "truncate", TRUNCATE));
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

    /** One piece of a record as an encoded sequence: its steps [from, from + steps) under its id. */
    interface Piece {
        EncodedSequence of(long id, int from, int steps);
    }

    /** The pieces of a record of {@code length} steps read from {@code source}, each with its {@link RecordIds id}. */
    List<Parsed<EncodedSequence>> cut(Source source, int length, Piece piece) {
        int n = pieces(length);
        List<Parsed<EncodedSequence>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long id = RecordIds.of(source.fileIndex(), source.line(), i);
            out.add(Parsed.ok(piece.of(id, start(i), length(length, i))));
        }
        return out;
    }
}
