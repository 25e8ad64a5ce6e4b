package dev.sparkrnn.ingest;

import java.nio.charset.StandardCharsets;
import org.apache.spark.api.java.function.Function;

/**
 * Splits one input into training and validation parts when no separate validation data is given: a seeded
 * hash of each record's id (its file and line) decides, so the split is reproducible, independent of
 * partitioning, and never separates the pieces of one sequence (split before encoding). A problem goes to
 * the part its record would have gone to, so each is reported once.
 *
 * <p>{@link #partByGroup} decides by a group string instead of the id, so that records with the same group
 * (all pronunciations of one word, all translations of one sentence) fall in the same part and validation
 * measures generalization to unseen sources. The group's hash is a 64-bit FNV-1a of its UTF-8 bytes, the
 * same on every JVM; problems, which have no group, go by their id.
 */
public final class HoldOut {
    private HoldOut() {
    }

    /** The validation part ({@code validation} true, about {@code fraction} of the records) or the training part. */
    public static <T extends Located> Checked<T> part(Checked<T> data, double fraction, long seed, boolean validation) {
        return split(data, r -> r.source().id(), fraction, seed, validation);
    }

    /** As {@link #part}, all records of a group on the same side (about {@code fraction} of the groups validate). */
    public static <T extends Located> Checked<T> partByGroup(Checked<T> data, Function<T, String> group, double fraction,
            long seed, boolean validation) {
        return split(data, r -> hash(group.call(r)), fraction, seed, validation);
    }

    private static <T extends Located> Checked<T> split(Checked<T> data, Function<T, Long> key, double fraction, long seed,
            boolean validation) {
        if (!(fraction >= 0 && fraction < 1)) throw new IllegalArgumentException("validation fraction must be in [0, 1): " + fraction);
        return data.filter(p -> {
            long k = p.isOk() ? key.call(p.record()) : p.problem().source().id();
            return TextCorpus.isValidation(k, fraction, seed) == validation;
        });
    }

    /** 64-bit FNV-1a of the UTF-8 bytes of {@code s}. */
    static long hash(String s) {
        long h = 0xCBF29CE484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001B3L;
        }
        return h;
    }
}
