package dev.sparkrnn.ingest;

import dev.sparkrnn.data.WordTokenizer;
import java.util.Map;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How one side of a sequence pair is cut into tokens, the same way for training data and for text given to
 * a trained model, and how tokens are put back together ({@link #join}). Every unit first normalizes the
 * text to Unicode NFC, so that a precomposed character and its decomposed spelling are the same tokens
 * (Devanagari "ख़" written as U+0959 or as "ख" + nukta U+093C both become the latter: U+0959 is excluded
 * from composition). White space is any Unicode space or white-space character (so also no-break spaces).
 */
public enum PairUnit {
    /**
     * Each code point a token; a run of white space becomes one {@code " "} token, none at either end.
     * Joined without separator: {@code join(tokens("Hi  there!"))} is "Hi there!".
     */
    CHAR,
    /**
     * Words by {@link WordTokenizer}: always lowercase; runs of letters, digits and combining marks, so
     * Devanagari words with vowel signs and viramas stay whole; punctuation (also the danda "।") separates
     * words and is dropped. The zero-width joiner and non-joiner (U+200D, U+200C), which only choose a glyph
     * form inside a word (e.g. a half consonant), are removed first so they do not cut the word in two.
     * Joined with single spaces.
     */
    WORD,
    /** Tokens separated by white space, as written (e.g. phonemes {@code AH0}). Joined with single spaces. */
    SPACE,
    /**
     * A source only: one vector of numbers, e.g. {@code 0.5, 1.2 -3}, that conditions what the decoder
     * generates. The tokens are its fields as written, separated by commas and/or white space (see
     * {@link FeatureVector}: an empty field between two commas stays, as ""); the encoder reads them as the
     * D features of a single dense step. Joined with {@code ", "}.
     */
    VECTOR;

    public static PairUnit parse(String s) {
        return Names.parse(s, "token unit", Map.of("char", CHAR, "word", WORD, "space", SPACE, "vector", VECTOR));
    }

    /**
     * The tokens of {@code text}; {@code lowercase} lowercases CHAR and SPACE tokens (Locale.ROOT; WORD always
     * does; it does not matter to VECTOR).
     */
    public List<String> tokens(String text, boolean lowercase) {
        String s = Normalizer.normalize(lowercase ? text.toLowerCase(Locale.ROOT) : text, Normalizer.Form.NFC);
        return switch (this) {
            case CHAR -> characters(s);
            case WORD -> WordTokenizer.tokens(s.replace("\u200D", "").replace("\u200C", ""));
            case SPACE -> spaced(s);
            case VECTOR -> FeatureVector.fields(s);
        };
    }

    /** The tokens as text: concatenated (CHAR), separated by single spaces (WORD, SPACE) or by ", " (VECTOR). */
    public String join(List<String> tokens) {
        return String.join(this == CHAR ? "" : this == VECTOR ? ", " : " ", tokens);
    }

    private static List<String> characters(String s) {
        List<String> out = new ArrayList<>(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isSpace(cp)) {
                space = !out.isEmpty();
            } else {
                if (space) out.add(" ");
                space = false;
                out.add(new String(Character.toChars(cp)));
            }
        }
        return out;
    }

    private static List<String> spaced(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (!isSpace(cp)) {
                token.appendCodePoint(cp);
            } else if (token.length() > 0) {
                out.add(token.toString());
                token.setLength(0);
            }
        }
        if (token.length() > 0) out.add(token.toString());
        return out;
    }

    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }
}
