package dev.sparkrnn.kernel;

import java.io.Serializable;

/**
 * Where an encoder–decoder's parameters live in its one flat vector: the encoder RNN (U_e, V_e, b_e; no
 * output layer, K = 0), then the decoder RNN (U_d, V_d, W, b_d, b_o), then, when the context is fed to every
 * decoder step, C (H x H, column-major). Both RNNs have the same hidden size H.
 */
public final class EncoderDecoderLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    public final RnnLayout encoder;
    public final RnnLayout decoder;
    /** Whether the decoder also reads the context c at every step (a_t += C c), not only as h_0. */
    public final boolean feedContext;

    public EncoderDecoderLayout(RnnLayout encoder, RnnLayout decoder, boolean feedContext) {
        if (encoder.outputSize != 0) throw new IllegalArgumentException("an encoder has no output layer (K = 0): " + encoder);
        if (decoder.outputSize == 0 || !decoder.oneHotInput || decoder.inputSize != decoder.outputSize) {
            throw new IllegalArgumentException("the decoder reads its previous output token: one-hot, D == K > 0, got " + decoder);
        }
        if (encoder.hiddenSize != decoder.hiddenSize) {
            throw new IllegalArgumentException("encoder and decoder need the same hidden size: " + encoder + ", " + decoder);
        }
        long n = (long) encoder.size() + decoder.size() + (feedContext ? (long) decoder.hiddenSize * decoder.hiddenSize : 0);
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("model too large for one array: " + n);
        this.encoder = encoder;
        this.decoder = decoder;
        this.feedContext = feedContext;
    }

    /** An encoder over {@code sourceSize} inputs (token vocabulary or features) and a decoder over {@code targetSize} tokens. */
    public static EncoderDecoderLayout of(int sourceSize, boolean sourceOneHot, int hidden, int targetSize, boolean feedContext) {
        return new EncoderDecoderLayout(new RnnLayout(sourceSize, hidden, 0, sourceOneHot),
                new RnnLayout(targetSize, hidden, targetSize, true), feedContext);
    }

    public int hiddenSize() { return decoder.hiddenSize; }
    /** Offset of the decoder's block. */
    public int decoderBase() { return encoder.size(); }
    /** Offset of C (meaningful when {@link #feedContext}). */
    public int offC() { return encoder.size() + decoder.size(); }
    /** Total number of parameters. */
    public int size() { return offC() + (feedContext ? hiddenSize() * hiddenSize() : 0); }

    /** Seeded parameters: each RNN as {@link Initializer} does (decoder from seed + 1), C Glorot from seed + 2. */
    public double[] initialize(long seed, double recurrentGain) {
        double[] theta = new double[size()];
        System.arraycopy(Initializer.initialize(encoder, seed, recurrentGain), 0, theta, 0, encoder.size());
        System.arraycopy(Initializer.initialize(decoder, seed + 1, recurrentGain), 0, theta, decoderBase(), decoder.size());
        if (feedContext) {
            Initializer.glorot(theta, offC(), hiddenSize(), hiddenSize(), new java.util.SplittableRandom(seed + 2));
        }
        return theta;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncoderDecoderLayout l && l.encoder.equals(encoder) && l.decoder.equals(decoder)
                && l.feedContext == feedContext;
    }

    @Override
    public int hashCode() {
        return (encoder.hashCode() * 31 + decoder.hashCode()) * 2 + (feedContext ? 1 : 0);
    }

    @Override
    public String toString() {
        return "EncoderDecoderLayout(source D=" + encoder.inputSize + (encoder.oneHotInput ? " one-hot" : " dense")
                + ", H=" + hiddenSize() + ", target K=" + decoder.outputSize + (feedContext ? ", context fed each step" : "")
                + ", " + size() + " parameters)";
    }
}
