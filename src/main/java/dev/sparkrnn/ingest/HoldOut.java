package dev.sparkrnn.ingest;

/**
 * Splits one input into training and validation parts when no separate validation data is given: a seeded
 * hash of each record's id (its file and line) decides, so the split is reproducible, independent of
 * partitioning, and never separates the pieces of one sequence (split before encoding). A problem goes to
 * the part its record would have gone to, so each is reported once.
 */
public final class HoldOut {
    private HoldOut() {
    }

    /** The validation part ({@code validation} true, about {@code fraction} of the records) or the training part. */
    public static <T extends Located> Checked<T> part(Checked<T> data, double fraction, long seed, boolean validation) {
        if (!(fraction >= 0 && fraction < 1)) throw new IllegalArgumentException("validation fraction must be in [0, 1): " + fraction);
        return data.filter(p -> {
            Source s = p.isOk() ? p.record().source() : p.problem().source();
            return TextCorpus.isValidation(s.id(), fraction, seed) == validation;
        });
    }
}
