package dev.sparkrnn.ingest;

import java.util.Map;

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
        return Names.parse(s, "pair format", Map.of("cmudict", CMUDICT, "tab", TAB, "pairs", TAB));
    }
}
