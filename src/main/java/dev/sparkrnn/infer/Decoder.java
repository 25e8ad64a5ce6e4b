package dev.sparkrnn.infer;

import dev.sparkrnn.data.Vocabulary;
import dev.sparkrnn.kernel.Blas;
import dev.sparkrnn.kernel.Decoded;
import dev.sparkrnn.kernel.EncoderDecoderNetwork;
import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.kernel.SequenceBatch;
import dev.sparkrnn.kernel.SequenceSearch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes sources with an encoder–decoder: beam search of width {@code beam} (1: greedy) up to
 * {@code maxLength} output tokens, from {@code <s>} to {@code </s>} of the target vocabulary. A token source is
 * read backwards when the model was trained so; a vector source is one dense encoder step. One decoder (and
 * its scratch) serves every call.
 */
public final class Decoder {
    private final SequenceSearch decoder;
    private final boolean reverse;
    private final int beam;
    private final int maxLength;
    private final int batch;

    /** Sources {@link #decodeAll} decodes together by default (each step one batch of all their beams). */
    public static final int BATCH = 64;

    public Decoder(EncoderDecoderNetwork network, double[] theta, boolean reverse, int beam, int maxLength) {
        this(network, theta, reverse, beam, maxLength, BATCH, Precision.FLOAT64);
    }

    /**
     * @param batch     the sources {@link #decodeAll} decodes together
     * @param precision the arithmetic of the decoder (float32: the generated kernels, as training in float32)
     */
    public Decoder(EncoderDecoderNetwork network, double[] theta, boolean reverse, int beam, int maxLength, int batch,
                   Precision precision) {
        if (batch < 1) throw new IllegalArgumentException("decoding batch must be at least 1: " + batch);
        this.decoder = network.decoder(Blas.best(), theta, batch * beam, 64, precision);
        this.batch = batch;
        this.reverse = reverse;
        this.beam = beam;
        this.maxLength = maxLength;
    }

    /** The decoded target of a source of token indices (as the source vocabulary encodes it, in reading order). */
    public Decoded decode(int[] source) {
        add(decoder.source(), source);
        return run();
    }

    /** The decoded target of a source vector (standardized as in training). */
    public Decoded decode(double[] vector) {
        add(decoder.source(), vector);
        return run();
    }

    /** Adds a source ({@code int[]} tokens in reading order, read backwards when the model was trained so, or a {@code double[]} vector). */
    private void add(SequenceBatch b, Object source) {
        if (source instanceof int[] t) {
            int q = b.addSequence(t.length);
            for (int i = 0; i < t.length; i++) b.setToken(q, i, t[reverse ? t.length - 1 - i : i]);
        } else {
            b.setFeatures(b.addSequence(1), 0, (double[]) source, 0);
        }
    }

    /**
     * The decoded targets of sources, each an {@code int[]} of token indices (as {@link #decode(int[])} takes) or
     * a {@code double[]} vector: up to the decoder's batch of them as one batch per step (all their beams). The results
     * are those of decoding each alone, in order.
     */
    public List<Decoded> decodeAll(List<?> sources) {
        List<Decoded> out = new ArrayList<>(sources.size());
        for (int from = 0; from < sources.size(); from += batch) {
            SequenceBatch b = decoder.source();
            for (Object src : sources.subList(from, Math.min(sources.size(), from + batch))) add(b, src);
            out.addAll(Arrays.asList(decoder.decodeAll(Vocabulary.START_INDEX, Vocabulary.END_INDEX, beam, maxLength)));
        }
        return out;
    }

    private Decoded run() {
        return decoder.decode(Vocabulary.START_INDEX, Vocabulary.END_INDEX, beam, maxLength);
    }
}
