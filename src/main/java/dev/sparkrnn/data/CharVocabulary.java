package dev.sparkrnn.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * Characters (Unicode code points) to indices and back, in code-point order so the same text always gives
 * the same vocabulary. A code point not in the vocabulary encodes to -1.
 */
public final class CharVocabulary implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int[] codePoints;   // sorted
    /** index + 1 of each code point below the table's length (0: not in the vocabulary); built on first use. */
    private transient volatile int[] table;

    public CharVocabulary(int[] sortedCodePoints) {
        for (int i = 1; i < sortedCodePoints.length; i++) {
            if (sortedCodePoints[i] <= sortedCodePoints[i - 1]) throw new IllegalArgumentException("not sorted and distinct");
        }
        this.codePoints = sortedCodePoints.clone();
    }

    public static CharVocabulary of(CharSequence text) {
        TreeSet<Integer> set = new TreeSet<>();
        text.codePoints().forEach(set::add);
        return new CharVocabulary(set.stream().mapToInt(Integer::intValue).toArray());
    }

    public int size() {
        return codePoints.length;
    }

    public int index(int codePoint) {
        int[] t = table();
        if (codePoint >= 0 && codePoint < t.length) return t[codePoint] - 1;
        int i = Arrays.binarySearch(codePoints, codePoint);
        return i >= 0 ? i : -1;
    }

    /** A direct table for the basic multilingual plane part of the vocabulary (at most 64 Ki entries). */
    private int[] table() {
        int[] t = table;
        if (t == null) {
            int n = 0;
            for (int cp : codePoints) if (cp < 0x10000) n = cp + 1;
            t = new int[n];
            for (int i = 0; i < codePoints.length && codePoints[i] < n; i++) t[codePoints[i]] = i + 1;
            table = t;
        }
        return t;
    }

    public int codePoint(int index) {
        return codePoints[index];
    }

    public int[] codePoints() {
        return codePoints.clone();
    }

    /** Encodes text; throws naming the first character that is not in the vocabulary. */
    public int[] encode(CharSequence text) {
        int[] out = new int[Character.codePointCount(text, 0, text.length())];
        for (int i = 0, c = 0; c < text.length(); i++) {
            int cp = Character.codePointAt(text, c);
            c += Character.charCount(cp);
            out[i] = index(cp);
            if (out[i] < 0) {
                throw new IllegalArgumentException("character " + describe(cp) + " at position " + i
                        + " is not in the vocabulary of " + size());
            }
        }
        return out;
    }

    public String decode(int[] indices, int off, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = off; i < off + len; i++) sb.appendCodePoint(codePoints[indices[i]]);
        return sb.toString();
    }

    static String describe(int cp) {
        return String.format("'%s' (U+%04X)", new String(Character.toChars(cp)), cp);
    }
}
