package dev.sparkrnn.ingest;

import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Vocabulary;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * Labelled sentences to classification sequences: word indices (unknown words -> {@code <unk>}, index 0) and
 * one class, read after the last step. A label the training data did not have is a
 * {@link Defect#UNSEEN_LABEL} problem (an error under {@code FAIL}, counted under {@code SKIP}). Sequences
 * longer than the {@link LengthLimit} are split or truncated.
 */
public final class SentenceEncoder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Vocabulary words;
    private final Vocabulary labels;
    private final LengthLimit limit;
    private transient LabelSet.Fitted labelFit;

    public SentenceEncoder(Vocabulary words, Vocabulary labels, LengthLimit limit) {
        if (!words.hasUnknown()) throw new IllegalArgumentException("a word vocabulary needs " + Vocabulary.UNKNOWN);
        if (labels.hasUnknown()) throw new IllegalArgumentException("a label dictionary has no unknown entry");
        this.words = words;
        this.labels = labels;
        this.limit = limit;
    }

    /**
     * Builds the vocabulary (words seen at least {@code minCount} times, at most {@code maxWords} entries,
     * {@code <= 0}: no limit) and the label dictionary from the training records. Under {@code FAIL} a bad
     * training record throws here.
     */
    public static SentenceEncoder fit(Checked<LabelledSentence> train, long minCount, int maxWords, LengthLimit limit) {
        return fit(train, minCount, maxWords, limit, LabelSet.found());
    }

    /** As above, with the labels declared or found as {@code labels} says; {@link #labelFit()} tells what was found. */
    public static SentenceEncoder fit(Checked<LabelledSentence> train, long minCount, int maxWords, LengthLimit limit,
                                      LabelSet labels) {
        JavaRDD<LabelledSentence> records = train.records();
        LabelSet.Fitted fitted = labels.fit(records.map(LabelledSentence::label));
        SentenceEncoder e = new SentenceEncoder(Dictionaries.words(records.map(LabelledSentence::tokens), minCount, maxWords),
                fitted.dictionary(), limit);
        e.labelFit = fitted;
        return e;
    }

    /** What the training part said about the labels (null for an encoder rebuilt from a model). */
    public LabelSet.Fitted labelFit() {
        return labelFit;
    }

    public Vocabulary words() {
        return words;
    }

    public Vocabulary labels() {
        return labels;
    }

    public LengthLimit limit() {
        return limit;
    }

    /** Training or validation data, encoded; the input's problems are kept. */
    public Checked<EncodedSequence> encode(Checked<LabelledSentence> data) {
        return data.flatMap(s -> encode(s).iterator());
    }

    List<Parsed<EncodedSequence>> encode(LabelledSentence s) {
        int label = labels.index(s.label());
        if (label < 0) {
            return List.of(Parsed.bad(s.source(), Defect.UNSEEN_LABEL, "label '" + s.label()
                    + "' is not one of the model's labels (" + String.join(", ", labels.entries()) + ")"));
        }
        int[] tokens = words.encode(s.tokens());
        return limit.cut(s.source(), tokens.length,
                (id, from, steps) -> EncodedSequence.classified(id, Arrays.copyOfRange(tokens, from, from + steps), label));
    }
}
