package dev.sparkrnn.ingest;

import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Vocabulary;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;

/**
 * Sequence pairs to encoder–decoder sequences ({@link EncodedSequence#pair}): the source's token indices for
 * the encoder; the decoder reads {@code <s> y_1 .. y_T} and is trained to emit {@code y_1 .. y_T </s>}.
 * Tokens not in a vocabulary encode to {@code <unk>} (index 0) on either side.
 *
 * <p>Over-long pairs: a pair whose source or target has more tokens than the {@link LengthLimit}'s
 * {@code maxLength} is a {@link Defect#TOO_LONG} problem (an error naming file and line under {@code FAIL},
 * dropped and counted under {@code SKIP}), whatever the limit's overflow rule. A pair is not cut: a truncated
 * target would teach the decoder to emit {@code </s>} mid-sentence, a truncated source to say what it never
 * read, and split pieces of a pair do not correspond to each other.
 *
 * <p>The encoder keeps the {@link PairSpec}, so that text given to a trained model is cut the way the
 * training data was ({@link #encodeSource}) and predictions read as text ({@link #decode}).
 */
public final class PairEncoder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Vocabulary source;
    private final Vocabulary target;
    private final PairSpec spec;
    private final LengthLimit limit;

    public PairEncoder(Vocabulary source, Vocabulary target, PairSpec spec, LengthLimit limit) {
        if (!source.hasUnknown()) throw new IllegalArgumentException("a source vocabulary needs " + Vocabulary.UNKNOWN);
        if (!target.hasUnknown() || target.size() < 3 || !target.entry(1).equals(Vocabulary.START)
                || !target.entry(2).equals(Vocabulary.END)) {
            throw new IllegalArgumentException("a target vocabulary starts with " + Vocabulary.UNKNOWN + ", "
                    + Vocabulary.START + ", " + Vocabulary.END + ", not " + target);
        }
        if (spec == null || limit == null) throw new IllegalArgumentException("no pair spec or length limit");
        this.source = source;
        this.target = target;
        this.spec = spec;
        this.limit = limit;
    }

    /**
     * Builds the source and the target vocabulary from the training records (see {@link Dictionaries#words}
     * and {@link Dictionaries#targets}): tokens seen at least {@code minCount} times, at most {@code maxSize}
     * entries each ({@code <= 0}: no limit). {@code spec} is how the records were read. Under {@code FAIL} a
     * bad training record throws here.
     */
    public static PairEncoder fit(Checked<SequencePair> train, PairSpec spec, long minCount, int maxSize, LengthLimit limit) {
        JavaRDD<SequencePair> records = train.records();
        return new PairEncoder(Dictionaries.words(records.map(SequencePair::sourceTokens), minCount, maxSize),
                Dictionaries.targets(records.map(SequencePair::targetTokens), minCount, maxSize), spec, limit);
    }

    public Vocabulary sourceVocabulary() {
        return source;
    }

    public Vocabulary targetVocabulary() {
        return target;
    }

    public PairSpec spec() {
        return spec;
    }

    public LengthLimit limit() {
        return limit;
    }

    /** Index of {@code <s>} in the target vocabulary: the decoder's first input. */
    public int start() {
        return 1;
    }

    /** Index of {@code </s>} in the target vocabulary: the decoder's last target, where prediction stops. */
    public int end() {
        return 2;
    }

    /** Training or validation data, encoded; the input's problems are kept. */
    public Checked<EncodedSequence> encode(Checked<SequencePair> data) {
        return data.flatMap(p -> List.of(encode(p)).iterator());
    }

    Parsed<EncodedSequence> encode(SequencePair p) {
        int max = limit.maxLength();
        int s = p.sourceTokens().size();
        int t = p.targetTokens().size();
        if (max > 0 && (s > max || t > max)) {
            return Parsed.bad(p.source(), Defect.TOO_LONG, (s > max ? "source of " + s : "target of " + t)
                    + " tokens is longer than max.length " + max);
        }
        return Parsed.ok(EncodedSequence.pair(p.source().id(), source.encode(p.sourceTokens()),
                target.encode(p.targetTokens()), start(), end()));
    }

    /**
     * The encoder's input for a raw source text, cut as the training data was (unknown tokens -> 0). No
     * length limit applies. Throws when the text has no tokens.
     */
    public int[] encodeSource(String text) {
        List<String> tokens = spec.sourceUnit().tokens(text, spec.lowercase());
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("no " + spec.sourceUnit().name().toLowerCase(Locale.ROOT)
                    + " tokens in '" + SentenceParser.abbreviate(text) + "'");
        }
        return source.encode(tokens);
    }

    /**
     * Target indices as text, joined by the target unit ({@link PairUnit#join}): {@code <s>} is left out, the
     * text ends before the first {@code </s>}, and an unknown token reads {@code <unk>}. Accepts a predicted
     * sequence with or without its markers, or {@link EncodedSequence#targetTokens()}.
     */
    public String decode(int[] targetIndices) {
        List<String> tokens = new ArrayList<>(targetIndices.length);
        for (int i : targetIndices) {
            if (i == end()) break;
            if (i != start()) tokens.add(target.entry(i));
        }
        return spec.targetUnit().join(tokens);
    }
}
