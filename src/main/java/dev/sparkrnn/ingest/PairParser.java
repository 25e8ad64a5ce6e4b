package dev.sparkrnn.ingest;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns one line into a {@link SequencePair}, or the problem that prevents it. */
final class PairParser {
    /** A cmudict alternate: {@code word(2)}. */
    private static final Pattern ALTERNATE = Pattern.compile("(.+)\\(([0-9]+)\\)");

    private PairParser() {
    }

    /** The pair of a line; null for a line that is not a record (blank, or a cmudict comment). */
    static Parsed<SequencePair> parse(SourceLine line, PairSpec spec) {
        Problem p = line.encodingProblem();
        if (p != null) return Parsed.bad(p);
        return spec.format() == PairFormat.CMUDICT ? cmudict(line.source(), line.text(), spec) : tab(line.source(), line.text(), spec);
    }

    /**
     * {@code word PH1 PH2 ... [# comment]}: the source is the headword without its {@code (n)} alternate
     * number, so {@code word} and {@code word(2)} have the same source and group.
     */
    static Parsed<SequencePair> cmudict(Source source, String text, PairSpec spec) {
        String s = text.strip();
        if (s.isEmpty() || s.startsWith(";;;") || s.startsWith("#")) return null;
        int end = 0;
        while (end < s.length() && !Character.isWhitespace(s.charAt(end))) end++;
        String word = s.substring(0, end);
        String phonemes = s.substring(end);
        int comment = phonemes.indexOf('#');
        if (comment >= 0) phonemes = phonemes.substring(0, comment);
        if (phonemes.isBlank()) {
            return Parsed.bad(source, Defect.MALFORMED, "expected word PH1 PH2 ..., found no phonemes after '"
                    + SentenceParser.abbreviate(word) + "'");
        }
        Matcher m = ALTERNATE.matcher(word);
        return pair(source, m.matches() ? m.group(1) : word, phonemes, spec);
    }

    /** {@code source<TAB>target[<TAB>ignored...]}. */
    static Parsed<SequencePair> tab(Source source, String s, PairSpec spec) {
        if (s.isBlank()) return null;
        int tab = s.indexOf('\t');
        if (tab < 0) return Parsed.bad(source, Defect.MALFORMED, "expected source<TAB>target, found no TAB");
        int next = s.indexOf('\t', tab + 1);
        return pair(source, s.substring(0, tab), next < 0 ? s.substring(tab + 1) : s.substring(tab + 1, next), spec);
    }

    /**
     * Both sides cut into tokens. A vector source ({@link PairUnit#VECTOR}) must read as numbers
     * ({@link FeatureVector#values}); when it does not, or is empty, the pair is {@link Defect#MALFORMED}.
     */
    static Parsed<SequencePair> pair(Source source, String sourceText, String targetText, PairSpec spec) {
        List<String> x = spec.sourceUnit().tokens(sourceText, spec.lowercase());
        if (spec.sourceUnit() == PairUnit.VECTOR) {
            try {
                FeatureVector.values(x);
            } catch (IllegalArgumentException e) {
                return Parsed.bad(source, Defect.MALFORMED, e.getMessage());
            }
        }
        if (x.isEmpty()) return empty(source, "source", sourceText, spec.sourceUnit());
        List<String> y = spec.targetUnit().tokens(targetText, false);
        if (y.isEmpty()) return empty(source, "target", targetText, spec.targetUnit());
        return Parsed.ok(new SequencePair(source, spec.sourceUnit().join(x), x, y));
    }

    private static Parsed<SequencePair> empty(Source source, String side, String text, PairUnit unit) {
        String detail = text.isBlank() ? "empty " + side
                : "no " + unit.name().toLowerCase(Locale.ROOT) + " tokens in the " + side + " '"
                + SentenceParser.abbreviate(text.strip()) + "'";
        return Parsed.bad(source, Defect.EMPTY, detail);
    }
}
