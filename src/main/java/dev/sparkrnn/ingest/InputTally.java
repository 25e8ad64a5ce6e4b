package dev.sparkrnn.ingest;

import dev.sparkrnn.data.EncodedSequence;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * The tally of the encoded training and validation parts ({@code validation} may be null): one pass counts
     * both parts' records and problems by defect; the first messages take a second small job only when there
     * are problems.
     */
    public static InputTally of(Checked<EncodedSequence> training, Checked<EncodedSequence> validation, int maxMessages) {
        JavaRDD<String> kinds = training.all().map(p -> kind(p, TRAINING));
        if (validation != null) kinds = kinds.union(validation.all().map(p -> kind(p, VALIDATION)));
        Map<String, Long> counts = kinds.countByValue();
        Map<Defect, Long> problems = new EnumMap<>(Defect.class);
        for (Defect d : Defect.values()) {
            long n = counts.getOrDefault(d.name(), 0L);
            if (n > 0) problems.put(d, n);
        }
        List<String> first = new ArrayList<>();
        if (maxMessages > 0 && !problems.isEmpty()) {
            JavaRDD<Parsed<EncodedSequence>> all = validation == null ? training.all() : training.all().union(validation.all());
            for (Problem p : all.filter(p -> !p.isOk()).map(Parsed::problem).takeOrdered(maxMessages, Checked.BY_POSITION)) {
                first.add(p.message());
            }
        }
        return new InputTally(counts.getOrDefault(TRAINING, 0L), counts.getOrDefault(VALIDATION, 0L),
                new BadInputReport(problems, first));
    }

    private static final String TRAINING = " training", VALIDATION = " validation";   // no defect's name

    /** What one encoded item counts as: a record of its part (its first piece only), a problem by defect, or nothing. */
    private static String kind(Parsed<EncodedSequence> p, String part) {
        if (!p.isOk()) return p.problem().defect().name();
        return RecordIds.piece(p.record().id) == 0 ? part : "";
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
