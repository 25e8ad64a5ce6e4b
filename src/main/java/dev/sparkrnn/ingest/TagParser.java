package dev.sparkrnn.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Turns a block of lines (one sentence) into a {@link TaggedSentence}, or the problem of its first bad line. */
final class TagParser {
    private static final Pattern WORD_ID = Pattern.compile("[0-9]+");
    private static final Pattern SKIPPED_ID = Pattern.compile("[0-9]+-[0-9]+|[0-9]+\\.[0-9]+");
    private static final Pattern SPACES = Pattern.compile(" +");
    static final String DOCSTART = "-DOCSTART-";

    private TagParser() {
    }

    /** The sentence of a block, or null for a block that is not a sentence (a -DOCSTART- line in CoNLL). */
    static Parsed<TaggedSentence> parse(List<SourceLine> block, TagSpec spec) {
        List<String> tokens = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        int needed = Math.max(spec.tokenColumn(), spec.tagColumn());
        boolean docStart = false;
        for (SourceLine line : block) {
            Problem p = line.encodingProblem();
            if (p != null) return Parsed.bad(p);
            String s = line.text();
            String[] fields;
            if (spec.format() == TagFormat.CONLLU) {
                if (s.startsWith("#")) continue;
                fields = s.split("\t", -1);
                if (fields.length != spec.columns()) {
                    return bad(line, "expected " + spec.columns() + " TAB-separated columns, found " + fields.length);
                }
                if (SKIPPED_ID.matcher(fields[0]).matches()) continue;
                if (!WORD_ID.matcher(fields[0]).matches()) return bad(line, "bad token id '" + fields[0] + "'");
            } else {
                String t = s.strip();
                if (t.startsWith(DOCSTART)) {
                    docStart = true;
                    continue;
                }
                fields = t.indexOf('\t') >= 0 ? t.split("\t", -1) : SPACES.split(t);
                if (spec.columns() > 0 && fields.length != spec.columns()) {
                    return bad(line, "expected " + spec.columns() + " fields (input.columns), found " + fields.length);
                }
                if (fields.length < needed) {
                    return bad(line, "expected " + needed + " fields (token in column " + spec.tokenColumn()
                            + ", tag in column " + spec.tagColumn() + "), found " + fields.length);
                }
            }
            String token = fields[spec.tokenColumn() - 1].strip();
            String tag = fields[spec.tagColumn() - 1].strip();
            if (token.isEmpty()) return bad(line, "empty token in column " + spec.tokenColumn());
            if (tag.isEmpty()) return bad(line, "empty tag in column " + spec.tagColumn());
            tokens.add(spec.lowercase() ? token.toLowerCase(Locale.ROOT) : token);
            tags.add(tag);
        }
        Source first = block.get(0).source();
        if (tokens.isEmpty()) {
            return docStart ? null : Parsed.bad(first, Defect.EMPTY, "sentence without tokens");
        }
        return Parsed.ok(new TaggedSentence(first, tokens, tags));
    }

    private static Parsed<TaggedSentence> bad(SourceLine line, String detail) {
        return Parsed.bad(line.source(), Defect.MALFORMED, detail);
    }
}
