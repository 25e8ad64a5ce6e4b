package dev.sparkrnn.infer;

import dev.sparkrnn.data.Vocabulary;
import dev.sparkrnn.kernel.Blas;
import dev.sparkrnn.kernel.EncoderDecoderNetwork;
import dev.sparkrnn.kernel.SequenceBatch;
import dev.sparkrnn.kernel.SequenceDecoder;

/**
 * Decodes sources with an encoder–decoder: beam search of width {@code beam} (1: greedy) up to
 * {@code maxLength} output tokens, from {@code <s>} to {@code </s>} of the target vocabulary. A token source is
 * read backwards when the model was trained so; a vector source is one dense encoder step. One decoder (and
 * its scratch) serves every call.
 */
public final class Decoder {
    private final SequenceDecoder decoder;
    private final boolean reverse;
    private final int beam;
    private final int maxLength;

    public Decoder(EncoderDecoderNetwork network, double[] theta, boolean reverse, int beam, int maxLength) {
        this.decoder = network.decoder(Blas.best(), theta, beam, 64);
        this.reverse = reverse;
        this.beam = beam;
        this.maxLength = maxLength;
    }

    /** The decoded target of a source of token indices (as the source vocabulary encodes it, in reading order). */
    public SequenceDecoder.Result decode(int[] source) {
        SequenceBatch b = decoder.source();
        int q = b.addSequence(source.length);
        for (int t = 0; t < source.length; t++) b.setToken(q, t, source[reverse ? source.length - 1 - t : t]);
        return run();
    }

    /** The decoded target of a source vector (standardized as in training). */
    public SequenceDecoder.Result decode(double[] vector) {
        SequenceBatch b = decoder.source();
        b.setFeatures(b.addSequence(1), 0, vector, 0);
        return run();
    }

    private SequenceDecoder.Result run() {
        return decoder.decode(Vocabulary.START_INDEX, Vocabulary.END_INDEX, beam, maxLength);
    }
}
