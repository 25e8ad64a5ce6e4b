package dev.sparkrnn.ingest;

import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Vocabulary;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * Tagged sentences to tagging sequences: token indices (unknown tokens -> {@code <unk>}, index 0) and a tag
 * index at every step. A tag the training data did not have is a {@link Defect#UNSEEN_LABEL} problem naming
 * the tag, the sentence's first line and the token. Long sentences are split or truncated by the
 * {@link LengthLimit}.
 */
public final class TagEncoder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Vocabulary words;
    private final Vocabulary tags;
    private final LengthLimit limit;
    private transient LabelSet.Fitted labelFit;

    public TagEncoder(Vocabulary words, Vocabulary tags, LengthLimit limit) {
        if (!words.hasUnknown()) throw new IllegalArgumentException("a word vocabulary needs " + Vocabulary.UNKNOWN);
        if (tags.hasUnknown()) throw new IllegalArgumentException("a tag dictionary has no unknown entry");
        this.words = words;
        this.tags = tags;
        this.limit = limit;
    }

    /** Vocabulary and tag dictionary from the training records (see {@link SentenceEncoder#fit}). */
    public static TagEncoder fit(Checked<TaggedSentence> train, long minCount, int maxWords, LengthLimit limit) {
        return fit(train, minCount, maxWords, limit, LabelSet.found());
    }

    /** As above, with the tags declared or found as {@code tags} says; {@link #labelFit()} tells what was found. */
    public static TagEncoder fit(Checked<TaggedSentence> train, long minCount, int maxWords, LengthLimit limit,
                                 LabelSet tags) {
        JavaRDD<TaggedSentence> records = train.records();
        LabelSet.Fitted fitted = tags.fit(records.flatMap(s -> s.tags().iterator()));
        TagEncoder e = new TagEncoder(Dictionaries.words(records.map(TaggedSentence::tokens), minCount, maxWords),
                fitted.dictionary(), limit);
        e.labelFit = fitted;
        return e;
    }

    /** What the training part said about the tags (null for an encoder rebuilt from a model). */
    public LabelSet.Fitted labelFit() {
        return labelFit;
    }

    public Vocabulary words() {
        return words;
    }

    public Vocabulary tags() {
        return tags;
    }

    public LengthLimit limit() {
        return limit;
    }

    public Checked<EncodedSequence> encode(Checked<TaggedSentence> data) {
        return data.flatMap(s -> encode(s).iterator());
    }

    List<Parsed<EncodedSequence>> encode(TaggedSentence s) {
        int[] y = new int[s.tags().size()];
        for (int t = 0; t < y.length; t++) {
            y[t] = tags.index(s.tags().get(t));
            if (y[t] < 0) {
                return List.of(Parsed.bad(s.source(), Defect.UNSEEN_LABEL, "tag '" + s.tags().get(t) + "' of token "
                        + (t + 1) + " ('" + s.tokens().get(t) + "') is not one of the model's tags"));
            }
        }
        int[] x = words.encode(s.tokens());
        return limit.cut(s.source(), x.length, (id, from, steps) ->
                EncodedSequence.tagged(id, Arrays.copyOfRange(x, from, from + steps), Arrays.copyOfRange(y, from, from + steps)));
    }
}
