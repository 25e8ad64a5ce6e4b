package dev.sparkrnn.ingest;

import java.io.Serializable;

/**
 * How to read tagged sentences: the format, the 1-based columns of the token and of its tag, and whether
 * tokens are lowercased (tags never are).
 */
public record TagSpec(TagFormat format, int tokenColumn, int tagColumn, boolean lowercase) implements Serializable {
    public TagSpec {
        if (format == null) throw new IllegalArgumentException("no format");
        if (tokenColumn < 1 || tagColumn < 1 || tokenColumn == tagColumn) {
            throw new IllegalArgumentException("token and tag columns must be distinct and >= 1: " + tokenColumn + ", " + tagColumn);
        }
    }

    /** CoNLL-U: FORM (column 2) tagged with UPOS (column 4), case kept. */
    public static TagSpec conllu() {
        return new TagSpec(TagFormat.CONLLU, 2, 4, false);
    }

    /** {@code token<TAB>tag} (columns 1 and 2), case kept. */
    public static TagSpec conll() {
        return new TagSpec(TagFormat.CONLL, 1, 2, false);
    }
}
