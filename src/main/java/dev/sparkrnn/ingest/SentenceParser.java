package dev.sparkrnn.ingest;

import dev.sparkrnn.data.WordTokenizer;
import java.util.List;

/** Turns a text and a label into a {@link LabelledSentence}, or the problem that prevents it. */
final class SentenceParser {
    private SentenceParser() {
    }

    /** A {@code text<TAB>label} line (label after the last TAB); null for a blank line (not a record). */
    static Parsed<LabelledSentence> tabLine(SourceLine line) {
        Problem p = line.encodingProblem();
        if (p != null) return Parsed.bad(p);
        String s = line.text();
        if (s.isBlank()) return null;
        int tab = s.lastIndexOf('\t');
        if (tab < 0) return Parsed.bad(line.source(), Defect.MALFORMED, "expected text<TAB>label, found no TAB");
        return sentence(line.source(), s.substring(0, tab), s.substring(tab + 1), false);
    }

    /**
     * Checks and tokenizes; text or label null means the column or field was missing. {@code decodedByReader}:
     * the text was decoded by Spark SQL, which replaces invalid UTF-8 by U+FFFD, so U+FFFD means invalid input
     * (lines read by {@link TextLines} were checked on their bytes instead).
     */
    static Parsed<LabelledSentence> sentence(Source source, String text, String label, boolean decodedByReader) {
        if (text == null) return Parsed.bad(source, Defect.MALFORMED, "no text");
        if (label == null) return Parsed.bad(source, Defect.MALFORMED, "no label");
        if (text.indexOf('\0') >= 0 || label.indexOf('\0') >= 0) {
            return Parsed.bad(source, Defect.NOT_TEXT, "not a text file (NUL byte)");
        }
        if (decodedByReader && (text.indexOf('\uFFFD') >= 0 || label.indexOf('\uFFFD') >= 0)) {
            return Parsed.bad(source, Defect.NOT_UTF8, "not valid UTF-8 (U+FFFD replacement character)");
        }
        String l = label.trim();
        if (l.isEmpty()) return Parsed.bad(source, Defect.MALFORMED, "empty label");
        List<String> tokens = WordTokenizer.tokens(text);
        if (tokens.isEmpty()) return Parsed.bad(source, Defect.EMPTY, "no words in the text '" + abbreviate(text) + "'");
        return Parsed.ok(new LabelledSentence(source, tokens, l));
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
