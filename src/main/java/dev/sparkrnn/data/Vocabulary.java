package dev.sparkrnn.data;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Strings (words, labels or tags) to indices and back.
 *
 * <p>Two kinds, both in a deterministic order so the same data always gives the same indices:
 * <ul>
 *   <li>a <b>word vocabulary</b> ({@link #words}): index 0 is {@link #UNKNOWN}, then the words by count
 *       (highest first, ties by string), keeping words seen at least {@code minCount} times, at most
 *       {@code maxSize} entries in all; a word not in it encodes to 0;</li>
 *   <li>a <b>label dictionary</b> ({@link #labels}): no unknown entry; labels sorted by value (numerically
 *       when every label is a number, so "2" comes before "10"; else by string), not by count, so that
 *       "0"/"1" are classes 0/1 whatever the class balance; a label not in it has no index (-1).</li>
 * </ul>
 * {@link #entries()} and {@link #hasUnknown()} are all a model file needs to save; {@link #fromEntries}
 * restores the same vocabulary.
 */
public final class Vocabulary implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The entry unknown words encode to (index 0 of a word vocabulary). */
    public static final String UNKNOWN = "<unk>";
    /** The index of {@link #UNKNOWN} in a word vocabulary. */
    public static final int UNKNOWN_INDEX = 0;
    /** The start marker of a decoder's target vocabulary (index 1): the decoder's first input. */
    public static final String START = "<s>";
    /** The end marker of a decoder's target vocabulary (index 2): the decoder's last target. */
    public static final String END = "</s>";
    /** Where {@link #START} and {@link #END} are in a decoder's target vocabulary. */
    public static final int START_INDEX = 1, END_INDEX = 2;

    private final List<String> entries;
    private final boolean hasUnknown;
    private final HashMap<String, Integer> index;

    private Vocabulary(List<String> entries, boolean hasUnknown) {
        this.entries = Collections.unmodifiableList(new ArrayList<>(entries));
        this.hasUnknown = hasUnknown;
        this.index = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String e = entries.get(i);
            if (e == null) throw new IllegalArgumentException("null entry at " + i);
            if (index.put(e, i) != null) throw new IllegalArgumentException("duplicate entry '" + e + "'");
        }
        if (hasUnknown && (entries.isEmpty() || !UNKNOWN.equals(entries.get(0)))) {
            throw new IllegalArgumentException("a vocabulary with an unknown entry starts with " + UNKNOWN);
        }
    }

    /**
     * A word vocabulary from word counts: {@link #UNKNOWN} first, then the words counted at least
     * {@code minCount} times by count (highest first) then string, at most {@code maxSize} entries including
     * {@link #UNKNOWN} ({@code maxSize <= 0}: no limit). A word spelled like {@link #UNKNOWN} is left out.
     */
    public static Vocabulary words(Map<String, Long> counts, long minCount, int maxSize) {
        if (maxSize == 1) throw new IllegalArgumentException("maxSize 1 leaves room only for " + UNKNOWN);
        List<Map.Entry<String, Long>> kept = new ArrayList<>();
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (e.getValue() >= minCount && !UNKNOWN.equals(e.getKey())) kept.add(e);
        }
        kept.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        int limit = maxSize <= 0 ? kept.size() : Math.min(kept.size(), maxSize - 1);
        List<String> entries = new ArrayList<>(limit + 1);
        entries.add(UNKNOWN);
        for (int i = 0; i < limit; i++) entries.add(kept.get(i).getKey());
        return new Vocabulary(entries, true);
    }

    /** A label dictionary (no unknown entry): the distinct labels, numerically if all are numbers, else by string. */
    public static Vocabulary labels(Collection<String> labels) {
        TreeSet<String> distinct = new TreeSet<>(labels);
        if (distinct.isEmpty()) throw new IllegalArgumentException("no labels");
        List<String> sorted = new ArrayList<>(distinct);
        if (sorted.stream().allMatch(Vocabulary::isNumber)) {
            sorted.sort(Comparator.comparing((String s) -> new BigDecimal(s)).thenComparing(Comparator.naturalOrder()));
        }
        return new Vocabulary(sorted, false);
    }

    /** Restores a saved vocabulary: the entries in index order, and whether entry 0 is {@link #UNKNOWN}. */
    public static Vocabulary fromEntries(List<String> entries, boolean hasUnknown) {
        if (entries.isEmpty()) throw new IllegalArgumentException("no entries");
        return new Vocabulary(entries, hasUnknown);
    }

    private static boolean isNumber(String s) {
        try {
            new BigDecimal(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public int size() {
        return entries.size();
    }

    /** The entries in index order (unmodifiable): what a model file saves. */
    public List<String> entries() {
        return entries;
    }

    /** True for a word vocabulary (entry 0 is {@link #UNKNOWN}), false for a label dictionary. */
    public boolean hasUnknown() {
        return hasUnknown;
    }

    public boolean contains(String s) {
        return index.containsKey(s);
    }

    /** Index of {@code s}; when absent, 0 ({@link #UNKNOWN}) in a word vocabulary and -1 in a label dictionary. */
    public int index(String s) {
        Integer i = index.get(s);
        return i != null ? i : hasUnknown ? 0 : -1;
    }

    public String entry(int index) {
        return entries.get(index);
    }

    /** Indices of the strings (unknown words -> 0); throws naming the first string a label dictionary lacks. */
    public int[] encode(List<String> strings) {
        int[] out = new int[strings.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = index(strings.get(i));
            if (out[i] < 0) throw new IllegalArgumentException("'" + strings.get(i) + "' is not in the dictionary");
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.hasUnknown == hasUnknown && v.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode() * 31 + (hasUnknown ? 1 : 0);
    }

    @Override
    public String toString() {
        return (hasUnknown ? "Vocabulary(" : "Labels(") + size() + ": "
                + String.join(" ", entries.subList(0, Math.min(10, size()))) + (size() > 10 ? " ...)" : ")");
    }
}
