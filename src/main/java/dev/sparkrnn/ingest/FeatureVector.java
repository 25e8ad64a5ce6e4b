package dev.sparkrnn.ingest;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A source written as one vector of numbers ({@link PairUnit#VECTOR}), e.g. {@code 0.5, 1.2 -3}: how its text
 * is cut into fields and how the fields are read as numbers, the same way for training data and for a vector
 * given to a trained model.
 *
 * <p>Fields are separated by a comma (with or without white space around it) or by a run of white space
 * (any Unicode white space); white space at either end is ignored. A comma therefore always separates two
 * fields: {@code 1,,2} and {@code 1,2,} have an empty field, which is an error, not a missing number quietly
 * skipped. Each field must be a number as {@link Decimal} defines it.
 */
final class FeatureVector {
    private static final Pattern SEPARATOR = Pattern.compile("(?U)\\s*,\\s*|\\s+");
    private static final Pattern ENDS = Pattern.compile("(?U)^\\s+|\\s+$");

    private FeatureVector() {
    }

    /** The fields of {@code text} as written (an empty field stays, as ""); none for blank text. */
    static List<String> fields(String text) {
        String s = ENDS.matcher(text).replaceAll("");
        return s.isEmpty() ? List.of() : List.of(SEPARATOR.split(s, -1));
    }

    /**
     * The numbers of the fields, in order. Throws an {@link IllegalArgumentException} whose message is the
     * problem's detail (no fields, an empty field, or a field that is not a finite decimal number, named by
     * its 1-based position).
     */
    static double[] values(List<String> fields) {
        if (fields.isEmpty()) throw new IllegalArgumentException("empty source vector");
        double[] x = new double[fields.size()];
        for (int i = 0; i < x.length; i++) {
            String f = fields.get(i);
            if (f.isEmpty()) {
                throw new IllegalArgumentException("expected a number as feature " + (i + 1) + " of the source vector,"
                        + " found nothing between separators");
            }
            double v = Decimal.parse(f);
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("expected a finite number as feature " + (i + 1)
                        + " of the source vector, found '" + SentenceParser.abbreviate(f) + "'");
            }
            x[i] = v;
        }
        return x;
    }
}
