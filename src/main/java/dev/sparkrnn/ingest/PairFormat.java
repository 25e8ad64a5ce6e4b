package dev.sparkrnn.ingest;

import java.util.Locale;

/** File formats of sequence pairs, one pair per line. */
public enum PairFormat {
    /**
     * The CMU pronouncing dictionary: {@code word PH1 PH2 ...} separated by spaces or TABs; alternate
     * pronunciations written {@code word(2)}, {@code word(3)}; a {@code # comment} after the phonemes is
     * ignored; blank lines and lines starting with {@code ;;;} or {@code #} are comments.
     */
    CMUDICT,
    /** {@code source<TAB>target}, further TAB-separated fields ignored (e.g. attribution); blank lines are ignored. */
    TAB;

    public static PairFormat parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pair format must be cmudict or tab, not '" + s + "'");
        }
    }
}
