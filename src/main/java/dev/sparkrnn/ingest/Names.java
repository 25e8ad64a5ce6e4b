package dev.sparkrnn.ingest;

import java.util.Locale;
import java.util.Map;

/** Reading a named choice (a format, a policy, a unit): one rule for every enum of the readers. */
final class Names {
    private Names() {
    }

    /**
     * The value named {@code s} (white space around it and case ignored) among {@code names}.
     *
     * @throws IllegalArgumentException naming {@code what} and the accepted names
     */
    static <E> E parse(String s, String what, Map<String, E> names) {
        E e = names.get(s.trim().toLowerCase(Locale.ROOT));
        if (e == null) {
            throw new IllegalArgumentException(what + " must be one of " + String.join(", ", new java.util.TreeSet<>(names.keySet()))
                    + ", not '" + s + "'");
        }
        return e;
    }
}
