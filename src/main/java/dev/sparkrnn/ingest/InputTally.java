package dev.sparkrnn.ingest;

import dev.sparkrnn.data.EncodedSequence;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;

/**
 * Where every record of an input went: the training part, the validation part, or skipped (by reason, with the
 * first messages naming file and line). Each record read is in exactly one of the three, so
 * {@code training + validation + skipped = read}: a record cut into pieces ({@link LengthLimit}) counts once,
 * and a bad record that hashes into the validation part is skipped there, not lost.
 */
public record InputTally(long training, long validation, BadInputReport skipped) {

    /** Records read in all. */
    public long read() {
        return training + validation + skipped.total();
    }

    /** The tally of the encoded training and validation parts ({@code validation} may be null). */
    public static InputTally of(Checked<EncodedSequence> training, Checked<EncodedSequence> validation, int maxMessages) {
        JavaRDD<Parsed<EncodedSequence>> all = validation == null ? training.all() : training.all().union(validation.all());
        return new InputTally(records(training), validation == null ? 0 : records(validation),
                Checked.of(all, training.policy()).report(maxMessages));
    }

    private static long records(Checked<EncodedSequence> c) {
        return c.all().filter(p -> p.isOk() && RecordIds.piece(p.record().id) == 0).count();
    }

    /** The counts for a model's metadata: input_records, input_training_records, ..., input_skipped_DEFECT. */
    public Map<String, Object> figures() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input_records", read());
        m.put("input_training_records", training);
        m.put("input_validation_records", validation);
        m.put("input_skipped_records", skipped.total());
        for (Map.Entry<Defect, Long> e : skipped.counts().entrySet()) {
            m.put("input_skipped_" + e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
        }
        return m;
    }

    @Override
    public String toString() {
        return read() + " records read: " + training + " training, " + validation + " validation, "
                + (skipped.isEmpty() ? "0 skipped" : "skipped " + skipped);
    }
}
