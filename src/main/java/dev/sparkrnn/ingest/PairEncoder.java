package dev.sparkrnn.ingest;

import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Normalization;
import dev.sparkrnn.data.Vocabulary;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

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
 * <p>A vector source ({@link PairUnit#VECTOR}: a conditional generator) has no source vocabulary: its D
 * numbers are one dense encoder step, each feature standardized with the training data's mean and std
 * ({@link Normalization}). D is the number of features of the first training record (by file and line); a
 * pair with another number is a {@link Defect#MALFORMED} problem, and only the target counts against the
 * length limit.
 *
 * <p>The encoder keeps the {@link PairSpec}, so that text given to a trained model is cut the way the
 * training data was ({@link #encodeSource}, {@link #encodeVector}) and predictions read as text
 * ({@link #decode}).
 */
public final class PairEncoder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Vocabulary source;             // null for a vector source
    private final Normalization normalization;   // null for a token source
    private final Vocabulary target;
    private final PairSpec spec;
    private final LengthLimit limit;

    /** Token sources: {@code spec}'s source unit is not {@link PairUnit#VECTOR}. */
    public PairEncoder(Vocabulary source, Vocabulary target, PairSpec spec, LengthLimit limit) {
        this(source, null, target, spec, limit);
        if (!source.hasUnknown()) throw new IllegalArgumentException("a source vocabulary needs " + Vocabulary.UNKNOWN);
        if (spec.sourceUnit() == PairUnit.VECTOR) throw new IllegalArgumentException("a vector source has no vocabulary");
    }

    /** Vector sources ({@link PairUnit#VECTOR}) of {@code normalization.channels()} features. */
    public PairEncoder(Normalization normalization, Vocabulary target, PairSpec spec, LengthLimit limit) {
        this(null, normalization, target, spec, limit);
        if (spec.sourceUnit() != PairUnit.VECTOR) {
            throw new IllegalArgumentException("a normalization is for a vector source, not " + spec.sourceUnit());
        }
    }

    private PairEncoder(Vocabulary source, Normalization normalization, Vocabulary target, PairSpec spec, LengthLimit limit) {
        if ((source == null) == (normalization == null)) throw new IllegalArgumentException("no source vocabulary or normalization");
        if (!target.hasUnknown() || target.size() < 3 || !target.entry(1).equals(Vocabulary.START)
                || !target.entry(2).equals(Vocabulary.END)) {
            throw new IllegalArgumentException("a target vocabulary starts with " + Vocabulary.UNKNOWN + ", "
                    + Vocabulary.START + ", " + Vocabulary.END + ", not " + target);
        }
        if (spec == null || limit == null) throw new IllegalArgumentException("no pair spec or length limit");
        this.source = source;
        this.normalization = normalization;
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

    /**
     * As {@link #fit(Checked, PairSpec, long, int, LengthLimit)} for token sources. For a vector source: D from
     * the first training record, and the mean and std of each feature over the training records of D features
     * ({@link Dictionaries#normalization(JavaRDD, int, double)}; each std at least {@code stdFloor}), instead of
     * a source vocabulary.
     */
    public static PairEncoder fit(Checked<SequencePair> train, PairSpec spec, long minCount, int maxSize, double stdFloor,
                                  LengthLimit limit) {
        if (spec.sourceUnit() != PairUnit.VECTOR) return fit(train, spec, minCount, maxSize, limit);
        JavaRDD<SequencePair> records = train.records();
        if (records.isEmpty()) throw new BadInputException("no training pairs: no vector size to fit");
        int d = records.map(p -> new Tuple2<>(p.source(), p.sourceTokens().size()))
                .reduce((a, b) -> a._1().compareTo(b._1()) <= 0 ? a : b)._2();
        Normalization n = Dictionaries.normalization(records.filter(p -> p.sourceTokens().size() == d)
                .map(p -> FeatureVector.values(p.sourceTokens())), d, stdFloor);
        return new PairEncoder(n, Dictionaries.targets(records.map(SequencePair::targetTokens), minCount, maxSize), spec, limit);
    }

    /** The source vocabulary; null for a vector source. */
    public Vocabulary sourceVocabulary() {
        return source;
    }

    /** The features' normalization of a vector source; null for a token source. */
    public Normalization normalization() {
        return normalization;
    }

    /** Whether the source is one vector of numbers ({@link PairUnit#VECTOR}). */
    public boolean vectorSource() {
        return normalization != null;
    }

    /** The encoder's input size D: the source vocabulary's size, or a vector's number of features. */
    public int sourceSize() {
        return source != null ? source.size() : normalization.channels();
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
        int s = vectorSource() ? 1 : p.sourceTokens().size();
        int t = p.targetTokens().size();
        if (max > 0 && (s > max || t > max)) {
            return Parsed.bad(p.source(), Defect.TOO_LONG, (s > max ? "source of " + s : "target of " + t)
                    + " tokens is longer than max.length " + max);
        }
        int[] y = target.encode(p.targetTokens());
        if (!vectorSource()) {
            return Parsed.ok(EncodedSequence.pair(p.source().id(), source.encode(p.sourceTokens()), y, start(), end()));
        }
        try {
            return Parsed.ok(EncodedSequence.pair(p.source().id(), normalized(p.sourceTokens()), 1, y, start(), end()));
        } catch (IllegalArgumentException e) {
            return Parsed.bad(p.source(), Defect.MALFORMED, e.getMessage());
        }
    }

    /** A vector's numbers, standardized; throws when they are not D finite numbers. */
    private double[] normalized(List<String> fields) {
        double[] x = FeatureVector.values(fields);
        int d = normalization.channels();
        if (x.length != d) {
            throw new IllegalArgumentException("expected a source vector of " + d + " numbers (as in training), found "
                    + x.length);
        }
        return normalization.apply(x);
    }

    /**
     * The encoder's input for a raw vector source ({@code 0.5, 1.2 -3}): its D numbers, standardized as the
     * training data was. Throws when the text is not D finite numbers, or the source is not a vector.
     */
    public double[] encodeVector(String text) {
        if (!vectorSource()) throw new IllegalStateException("the source is " + spec.sourceUnit() + " tokens, not a vector");
        return normalized(spec.sourceUnit().tokens(text, false));
    }

    /**
     * The encoder's input for a raw source text, cut as the training data was (unknown tokens -> 0). No
     * length limit applies. Throws when the text has no tokens, or the source is a vector ({@link #encodeVector}).
     */
    public int[] encodeSource(String text) {
        if (vectorSource()) throw new IllegalStateException("the source is a vector: encodeVector");
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
