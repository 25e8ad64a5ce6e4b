package dev.sparkrnn.ingest;

import java.io.Serializable;

/**
 * How to read tagged sentences: the format, the 1-based columns of the token and of its tag, whether tokens
 * are lowercased (tags never are), and how many columns every line has: exactly 10 for CoNLL-U; for CoNLL a
 * declared count, or 0 for "at least the token and tag columns". A line with another count is malformed (a
 * file cut mid-line, a shifted column), never read as far as it goes.
 */
public record TagSpec(TagFormat format, int tokenColumn, int tagColumn, boolean lowercase, int columns)
        implements Serializable {
    /** CoNLL-U's columns. */
    public static final int CONLLU_COLUMNS = 10;

    public TagSpec {
        if (format == null) throw new IllegalArgumentException("no format");
        if (tokenColumn < 1 || tagColumn < 1 || tokenColumn == tagColumn) {
            throw new IllegalArgumentException("token and tag columns must be distinct and >= 1: " + tokenColumn + ", " + tagColumn);
        }
        if (format == TagFormat.CONLLU && columns != CONLLU_COLUMNS) {
            throw new IllegalArgumentException("CoNLL-U has " + CONLLU_COLUMNS + " columns, not " + columns);
        }
        if (columns != 0 && columns < Math.max(tokenColumn, tagColumn)) {
            throw new IllegalArgumentException(columns + " columns cannot hold the token (column " + tokenColumn
                    + ") and the tag (column " + tagColumn + ")");
        }
    }

    /** CoNLL-U (10 columns) or CoNLL with any number of columns that holds the token and the tag. */
    public TagSpec(TagFormat format, int tokenColumn, int tagColumn, boolean lowercase) {
        this(format, tokenColumn, tagColumn, lowercase, format == TagFormat.CONLLU ? CONLLU_COLUMNS : 0);
    }

    /** CoNLL-U: FORM (column 2) tagged with UPOS (column 4), case kept. */
    public static TagSpec conllu() {
        return new TagSpec(TagFormat.CONLLU, 2, 4, false, CONLLU_COLUMNS);
    }

    /** {@code token<TAB>tag} (columns 1 and 2), case kept. */
    public static TagSpec conll() {
        return new TagSpec(TagFormat.CONLL, 1, 2, false, 0);
    }
}
