package dev.sparkrnn.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One declared setting of {@code conf/defaults.conf}: its key, type and range, default and documentation,
 * read from the file (the line {@code #: TYPE} right above the key, the {@code #} lines above that). The
 * type checks a value and says what it expects.
 *
 * @param key          the setting's name
 * @param kind         int, long, number, bool, choice or text
 * @param min          smallest value of an int or number
 * @param max          largest value of an int or number
 * @param choices      the values of a choice, lowercase; of an int, the words it also accepts ({@code int 1..9|auto})
 * @param defaultValue the value of defaults.conf
 * @param doc          its documentation, one line per comment line
 */
public record Setting(String key, Kind kind, double min, double max, List<String> choices, String defaultValue,
                      String doc) {

    /** The kinds of value. */
    public enum Kind { INT, LONG, NUMBER, BOOL, CHOICE, TEXT }

    public Setting {
        choices = List.copyOf(choices);
    }

    /**
     * Parses a declaration, e.g. {@code int 1..16384}, {@code int 1..1000000|auto} (an int or the word),
     * {@code number 0..0.5}, {@code choice a|b}, {@code bool}.
     */
    static Setting declare(String key, String declaration, String defaultValue, String doc) {
        String[] parts = declaration.strip().split("\\s+", 2);
        Kind kind;
        try {
            kind = Kind.valueOf(parts[0].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("defaults.conf: '" + key + "' is declared '" + declaration + "': unknown type");
        }
        String rest = parts.length > 1 ? parts[1].strip() : "";
        double min = Double.NEGATIVE_INFINITY, max = Double.POSITIVE_INFINITY;
        List<String> choices = List.of();
        switch (kind) {
            case INT, NUMBER -> {
                if (kind == Kind.INT && rest.contains("|")) {   // the words an int also accepts
                    String[] words = rest.toLowerCase(Locale.ROOT).split("\\|");
                    choices = Arrays.asList(words).subList(1, words.length);
                    rest = words[0];
                }
                String[] range = rest.split("\\.\\.", -1);
                if (range.length != 2) {
                    throw new IllegalStateException("defaults.conf: '" + key + "' needs a range MIN..MAX: " + declaration);
                }
                min = Double.parseDouble(range[0]);
                max = range[1].equals("max") ? (kind == Kind.INT ? Integer.MAX_VALUE : Double.MAX_VALUE)
                        : Double.parseDouble(range[1]);
            }
            case CHOICE -> choices = Arrays.asList(rest.toLowerCase(Locale.ROOT).split("\\|"));
            default -> { }
        }
        Setting s = new Setting(key, kind, min, max, choices, defaultValue, doc);
        String problem = s.check(defaultValue);
        if (problem != null) throw new IllegalStateException("defaults.conf: the default of '" + key + "' is not " + problem);
        return s;
    }

    /** Null when {@code value} is valid, else what was expected ("an integer in [1, 16384]"). */
    public String check(String value) {
        switch (kind) {
            case INT, LONG -> {
                if (choices.contains(value.toLowerCase(Locale.ROOT))) return null;
                try {
                    long v = Long.parseLong(value);
                    if (kind == Kind.INT && (v < min || v > max)) return expected();
                } catch (NumberFormatException e) {
                    return expected();
                }
            }
            case NUMBER -> {
                try {
                    double v = Double.parseDouble(value);
                    if (!(v >= min && v <= max)) return expected();
                } catch (NumberFormatException e) {
                    return expected();
                }
            }
            case BOOL -> {
                String v = value.toLowerCase(Locale.ROOT);
                if (!List.of("true", "yes", "false", "no").contains(v)) return expected();
            }
            case CHOICE -> {
                if (!choices.contains(value.toLowerCase(Locale.ROOT))) return expected();
            }
            default -> { }
        }
        return null;
    }

    /** What a valid value is, in words. */
    String expected() {
        return switch (kind) {
            case INT -> "an integer in [" + bound(min) + ", " + bound(max) + "]"
                    + (choices.isEmpty() ? "" : " or " + String.join(" or ", choices));
            case LONG -> "an integer";
            case NUMBER -> "a number in [" + bound(min) + ", " + bound(max) + "]";
            case BOOL -> "true or false";
            case CHOICE -> "one of " + String.join(", ", choices);
            case TEXT -> "text";
        };
    }

    private static String bound(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
