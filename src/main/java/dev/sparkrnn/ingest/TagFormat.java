package dev.sparkrnn.ingest;

import java.util.Map;

/** File formats of tagged sentences: one token per line, a blank line between sentences. */
public enum TagFormat {
    /**
     * CoNLL-U: 10 TAB-separated columns (FORM is column 2, UPOS column 4); lines starting with {@code #} are
     * comments; multi-word token lines (ids like {@code 3-4}) and empty nodes ({@code 5.1}) are skipped.
     */
    CONLLU,
    /**
     * CoNLL-style columns, e.g. {@code token<TAB>tag} (WNUT) or {@code word POS chunk} (CoNLL-2000): fields
     * are separated by TABs, or by runs of spaces when a line has no TAB; {@code -DOCSTART-} lines are skipped.
     */
    CONLL;

    public static TagFormat parse(String s) {
        return Names.parse(s, "tag format", Map.of("conllu", CONLLU, "conll-u", CONLLU, "conll", CONLL));
    }
}
