package dev.sparkrnn.ingest;

import java.util.regex.Pattern;

/**
 * What a number in the data is, the same rule for every reader: a decimal number ({@code -3}, {@code .5},
 * {@code 1.}, {@code 1.2e-3}, a leading sign allowed) of finite value. {@code NaN}, {@code inf}, hexadecimal
 * and Java's type suffixes ({@code 1d}) are not numbers.
 */
final class Decimal {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

    private Decimal() {
    }

    /** The value of {@code text} (no surrounding white space), or NaN when it is not a finite decimal number. */
    static double parse(String text) {
        if (!NUMBER.matcher(text).matches()) return Double.NaN;
        double v = Double.parseDouble(text);
        return Double.isFinite(v) ? v : Double.NaN;
    }
}
