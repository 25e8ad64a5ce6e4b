package dev.sparkrnn.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into lowercase words, the same way for training data and for text given to a trained model.
 *
 * <p>The rule: lowercase (locale-independent), then a word is a maximal run of letters, digits and combining
 * marks (so scripts with vowel signs, e.g. Devanagari, stay whole); every other character separates words
 * and is dropped. An apostrophe (' or the typographic U+2019, written as ') belongs to a word only between
 * two word characters: "Don't" -> "don't", "rock'n'roll" stays one word, "'quoted'" -> "quoted",
 * "dogs'" -> "dogs". Examples: "Great phone!! 10/10" -> [great, phone, 10, 10].
 */
public final class WordTokenizer {
    private WordTokenizer() {
    }

    public static List<String> tokens(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int n = s.length();
        for (int i = 0; i < n; ) {
            int cp = s.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (isWordChar(cp)) {
                word.appendCodePoint(cp);
            } else if (isApostrophe(cp) && word.length() > 0 && next < n && isWordChar(s.codePointAt(next))) {
                word.append('\'');
            } else if (word.length() > 0) {
                out.add(word.toString());
                word.setLength(0);
            }
            i = next;
        }
        if (word.length() > 0) out.add(word.toString());
        return out;
    }

    static boolean isWordChar(int cp) {
        if (Character.isLetterOrDigit(cp)) return true;
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    static boolean isApostrophe(int cp) {
        return cp == '\'' || cp == '\u2019';
    }
}
