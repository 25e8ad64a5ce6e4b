package dev.sparkrnn.data;

import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.SequenceBatch;
import java.io.Serializable;

/**
 * One training sequence, encoded: inputs (token indices, or T x D features row by row) and targets
 * (a class per step, one class for the sequence, or K values per step / for the sequence). {@code id} is
 * stable across runs and partitionings: data sampling is a function of it, so results do not depend on
 * how Spark partitions the data. Serialized (shuffles, disk, network) as a {@link PackedSequence}: narrow
 * integers, next-token targets not repeated.
 */
public final class EncodedSequence implements Serializable {
    private static final long serialVersionUID = 1L;

    public final long id;
    public final int length;
    /** One-hot input: T token indices; null for dense input. */
    public final int[] tokens;
    /** Dense input: T x D values, step by step; null for one-hot input. */
    public final double[] features;
    /** Class targets: T per step (-1 = none) or 1 for the sequence; null for value targets. */
    public final int[] classes;
    /** Value targets: T x K or K values; null for class targets. */
    public final double[] values;
    /**
     * Encoder–decoder models: the source sequence the encoder reads, S token indices or S x D features
     * (then {@code tokens}/{@code classes} are the decoder's input and targets); both null otherwise.
     */
    public final int[] sourceTokens;
    public final double[] sourceFeatures;
    /** S, the source length; 0 when there is no source. */
    public final int sourceLength;

    public EncodedSequence(long id, int[] tokens, double[] features, int length, int[] classes, double[] values) {
        this(id, tokens, features, length, classes, values, null, null, 0);
    }

    public EncodedSequence(long id, int[] tokens, double[] features, int length, int[] classes, double[] values,
                           int[] sourceTokens, double[] sourceFeatures, int sourceLength) {
        if (length <= 0) throw new IllegalArgumentException("empty sequence " + id);
        if ((tokens == null) == (features == null)) throw new IllegalArgumentException("exactly one of tokens, features");
        if ((classes == null) == (values == null)) throw new IllegalArgumentException("exactly one of classes, values");
        if (tokens != null && tokens.length != length) throw new IllegalArgumentException("tokens length != " + length);
        this.id = id;
        this.length = length;
        this.tokens = tokens;
        this.features = features;
        this.classes = classes;
        this.values = values;
        if (sourceLength < 0 || (sourceLength == 0) != (sourceTokens == null && sourceFeatures == null)
                || (sourceTokens != null && sourceFeatures != null)) {
            throw new IllegalArgumentException("a source is either absent (length 0) or tokens or features of its length, sequence " + id);
        }
        if (sourceTokens != null && sourceTokens.length != sourceLength) throw new IllegalArgumentException("source tokens length != " + sourceLength);
        if (sourceFeatures != null && sourceFeatures.length % sourceLength != 0) {
            throw new IllegalArgumentException(sourceFeatures.length + " source features are not " + sourceLength + " equal steps");
        }
        this.sourceTokens = sourceTokens;
        this.sourceFeatures = sourceFeatures;
        this.sourceLength = sourceLength;
    }

    /**
     * An encoder–decoder pair trained with teacher forcing: the encoder reads {@code source}; the decoder reads
     * {@code <s> y_1 .. y_T} and is trained to emit {@code y_1 .. y_T </s>} (T + 1 steps, a target at each).
     */
    public static EncodedSequence pair(long id, int[] source, int[] target, int start, int end) {
        if (source.length == 0) throw new IllegalArgumentException("empty source, sequence " + id);
        return new EncodedSequence(id, decoderInput(target, start), null, target.length + 1, decoderTargets(target, end),
                null, source, null, source.length);
    }

    /** As {@link #pair} with a dense source of {@code sourceLength} steps (e.g. one conditioning vector). */
    public static EncodedSequence pair(long id, double[] source, int sourceLength, int[] target, int start, int end) {
        return new EncodedSequence(id, decoderInput(target, start), null, target.length + 1, decoderTargets(target, end),
                null, null, source, sourceLength);
    }

    private static int[] decoderInput(int[] target, int start) {
        int[] x = new int[target.length + 1];
        x[0] = start;
        System.arraycopy(target, 0, x, 1, target.length);
        return x;
    }

    private static int[] decoderTargets(int[] target, int end) {
        int[] y = java.util.Arrays.copyOf(target, target.length + 1);
        y[target.length] = end;
        return y;
    }

    /** Java serialization writes the packed form; it reads back as an equal sequence. */
    private Object writeReplace() {
        return PackedSequence.of(this);
    }

    /** A sequence is only ever read back through its packed form. */
    private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
        throw new java.io.InvalidObjectException("an encoded sequence is serialized as a PackedSequence");
    }

    /** Whether this is an encoder–decoder pair. */
    public boolean hasSource() {
        return sourceLength > 0;
    }

    /** The target tokens y_1 .. y_T of a pair (the decoder's targets without the closing {@code </s>}). */
    public int[] targetTokens() {
        return java.util.Arrays.copyOf(classes, classes.length - 1);
    }

    /**
     * The same pair with its source read backwards (x_S .. x_1): the encoder's last state is then closest to
     * the start of the source, where the decoder starts (Sutskever et al. 2014).
     */
    public EncodedSequence withSourceReversed() {
        if (!hasSource()) throw new IllegalStateException("sequence " + id + " has no source");
        int[] rt = null;
        double[] rf = null;
        if (sourceTokens != null) {
            rt = new int[sourceLength];
            for (int t = 0; t < sourceLength; t++) rt[t] = sourceTokens[sourceLength - 1 - t];
        } else {
            int d = sourceFeatures.length / sourceLength;
            rf = new double[sourceFeatures.length];
            for (int t = 0; t < sourceLength; t++) System.arraycopy(sourceFeatures, (sourceLength - 1 - t) * d, rf, t * d, d);
        }
        return new EncodedSequence(id, tokens, features, length, classes, values, rt, rf, sourceLength);
    }

    /** Appends the source of a pair to the encoder's batch (no targets: the encoder has no output layer). */
    public void addSourceTo(SequenceBatch batch) {
        if (!hasSource()) throw new IllegalStateException("sequence " + id + " has no source");
        int s = batch.addSequence(sourceLength);
        int d = batch.layout().inputSize;
        for (int t = 0; t < sourceLength; t++) {
            if (sourceTokens != null) {
                batch.setToken(s, t, sourceTokens[t]);
            } else {
                batch.setFeatures(s, t, sourceFeatures, t * d);
            }
        }
    }

    /** Tokens with a class target at every step (language model, tagging). */
    public static EncodedSequence tagged(long id, int[] tokens, int[] targets) {
        if (targets.length != tokens.length) throw new IllegalArgumentException("targets length != tokens length");
        return new EncodedSequence(id, tokens, null, tokens.length, targets, null);
    }

    /** Tokens with one class for the whole sequence (classification: the target is read after the last step). */
    public static EncodedSequence classified(long id, int[] tokens, int label) {
        return new EncodedSequence(id, tokens, null, tokens.length, new int[] {label}, null);
    }

    /**
     * A numeric series of {@code length} steps of {@code features.length / length} values each, stored step by
     * step, with one class for the whole series.
     */
    public static EncodedSequence classifiedSeries(long id, double[] features, int length, int label) {
        if (length <= 0 || features.length % length != 0) {
            throw new IllegalArgumentException(features.length + " features are not " + length + " equal steps");
        }
        return new EncodedSequence(id, null, features, length, new int[] {label}, null);
    }


    /** How many targets this sequence has under the given target mode. */
    public int targetCount(dev.sparkrnn.kernel.TargetMode mode) {
        boolean every = mode == dev.sparkrnn.kernel.TargetMode.EVERY_STEP;
        if (classes == null) return every ? length : 1;
        if (!every) return classes[classes.length - 1] >= 0 ? 1 : 0;
        int n = 0;
        for (int c : classes) if (c >= 0) n++;
        return n;
    }

    /**
     * Appends this record to a network's batches: its input and targets to {@link Network.Scratch#batch()}
     * (word dropout as in {@link #addTo(SequenceBatch, double, int, long)}, token 0 the unknown word) and, for
     * a pair, its source to {@link Network.Scratch#source()}.
     */
    public void addTo(Network.Scratch scratch, double dropout, long salt) {
        addTo(scratch.batch(), dropout, 0, salt);
        if (hasSource()) addSourceTo(scratch.source());
    }

    /** Appends this record to a network's batches as it is. */
    public void addTo(Network.Scratch scratch) {
        addTo(scratch, 0, 0);
    }

    /** Appends this sequence to a batch (EVERY_STEP or LAST_STEP as the batch says). */
    public void addTo(SequenceBatch batch) {
        addTo(batch, 0, -1, 0);
    }

    /**
     * Appends this sequence to a batch, replacing each input token by {@code unknown} with probability
     * {@code dropout} (word dropout: the model learns what to do with words it has never seen). The choice
     * is a pure function of (salt, id, step), so it does not depend on partitioning or on retries.
     */
    public void addTo(SequenceBatch batch, double dropout, int unknown, long salt) {
        int s = batch.addSequence(length);
        int d = batch.layout().inputSize;
        int k = batch.layout().outputSize;
        boolean every = batch.mode() == dev.sparkrnn.kernel.TargetMode.EVERY_STEP;
        boolean drop = dropout > 0 && unknown >= 0 && tokens != null;
        for (int t = 0; t < length; t++) {
            if (tokens != null) {
                batch.setToken(s, t, drop && Mix.uniform(salt, id, t) < dropout ? unknown : tokens[t]);
            } else {
                batch.setFeatures(s, t, features, t * d);
            }
        }
        if (classes != null) {
            if (every) {
                for (int t = 0; t < length; t++) batch.setClassTarget(s, t, classes[t]);
            } else {
                batch.setClassTarget(s, 0, classes[classes.length - 1]);
            }
        } else if (every) {
            for (int t = 0; t < length; t++) batch.setValueTarget(s, t, values, t * k);
        } else {
            batch.setValueTarget(s, 0, values, values.length - k);
        }
    }
}
