package dev.sparkrnn.ingest;

import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Normalization;
import dev.sparkrnn.data.Vocabulary;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * Labelled series to classification sequences: dense features, T x C normalized with the training data's
 * per-channel mean and std, and one class read after the last step. A label the training data did not have
 * is a {@link Defect#UNSEEN_LABEL} problem; a series with another number of channels than training is
 * {@link Defect#MALFORMED}. Long series are split or truncated by the {@link LengthLimit}.
 */
public final class SeriesEncoder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Vocabulary labels;
    private final Normalization normalization;
    private final LengthLimit limit;
    private transient LabelSet.Fitted labelFit;

    public SeriesEncoder(Vocabulary labels, Normalization normalization, LengthLimit limit) {
        if (labels.hasUnknown()) throw new IllegalArgumentException("a label dictionary has no unknown entry");
        this.labels = labels;
        this.normalization = normalization;
        this.limit = limit;
    }

    /** Label dictionary and normalization (each std at least {@code stdFloor}) from the training records. */
    public static SeriesEncoder fit(Checked<LabelledSeries> train, double stdFloor, LengthLimit limit) {
        return fit(train, stdFloor, limit, LabelSet.found());
    }

    /** As above, with the labels declared or found as {@code labels} says; {@link #labelFit()} tells what was found. */
    public static SeriesEncoder fit(Checked<LabelledSeries> train, double stdFloor, LengthLimit limit, LabelSet labels) {
        JavaRDD<LabelledSeries> records = train.records();
        LabelSet.Fitted fitted = labels.fit(records.map(LabelledSeries::label));
        SeriesEncoder e = new SeriesEncoder(fitted.dictionary(), Dictionaries.normalization(records, stdFloor), limit);
        e.labelFit = fitted;
        return e;
    }

    /** What the training part said about the labels (null for an encoder rebuilt from a model). */
    public LabelSet.Fitted labelFit() {
        return labelFit;
    }

    public Vocabulary labels() {
        return labels;
    }

    public Normalization normalization() {
        return normalization;
    }

    public LengthLimit limit() {
        return limit;
    }

    /** C: the input size of a model of these series. */
    public int channels() {
        return normalization.channels();
    }

    public Checked<EncodedSequence> encode(Checked<LabelledSeries> data) {
        return data.flatMap(s -> encode(s).iterator());
    }

    List<Parsed<EncodedSequence>> encode(LabelledSeries s) {
        int label = labels.index(s.label());
        if (label < 0) {
            return List.of(Parsed.bad(s.source(), Defect.UNSEEN_LABEL, "label '" + s.label()
                    + "' is not one of the model's labels (" + String.join(", ", labels.entries()) + ")"));
        }
        int c = normalization.channels();
        if (s.channels() != c) {
            return List.of(Parsed.bad(s.source(), Defect.MALFORMED, "expected " + c + " channels (as in training), found "
                    + s.channels()));
        }
        double[] x = normalization.apply(s.values());
        return limit.cut(s.source(), s.length(), (id, from, steps) ->
                EncodedSequence.classifiedSeries(id, Arrays.copyOfRange(x, from * c, (from + steps) * c), steps, label));
    }
}
