package dev.sparkrnn.kernel;

import java.util.Arrays;

/**
 * The encoder–decoder (many-to-many unaligned, T_x != T_y): an encoder RNN reads the source, its last state
 * is the context c, and a decoder RNN starts from c and emits the target:
 *
 * <pre>
 *   e_s = tanh(U_e x_s + V_e e_{s-1} + b_e)                   s = 1 .. S,  e_0 = 0,  c = e_S
 *   h_t = tanh(U_d y_{t-1} + V_d h_{t-1} + C c + b_d)         t = 1 .. T+1, h_0 = c  (C c: if fed each step)
 *   o_t = W h_t + b_o,   y^_t = softmax(o_t),   L = sum_t -log y^_t[y_t]
 * </pre>
 *
 * Training is teacher forcing: the decoder reads {@code <s> y_1 .. y_T} and is scored on
 * {@code y_1 .. y_T </s>} (see {@code EncodedSequence.pair}). The caller fills a source batch (encoder layout,
 * no targets) and a target batch (decoder layout, EVERY_STEP class targets) with the pairs in the same order;
 * each packs its sequences by its own lengths, and the context is moved between the two packings. Both RNNs
 * run on the ordinary kernel through {@link RnnKernel.Exchange}: the decoder returns dL/dh_0 and
 * sum_t dL/da_t, so dL/dc = dL/dh_0 + C^T sum_t dL/da_t, dC = sum_b (sum_t dL/da_t) c^T, and the encoder's BPTT
 * starts from dL/dc at its last step. Whole sequences, no truncation: the scratch's lengths bound them.
 * The build generates its float32 twin {@code EncoderDecoderKernel32} from this file (src/build/Float32Sources.java).
 */
public final class EncoderDecoderKernel {
    private final EncoderDecoderLayout layout;
    private final RnnKernel encoder;
    private final RnnKernel decoder;
    private final Blas blas;

    public EncoderDecoderKernel(EncoderDecoderLayout layout, Blas blas) {
        this.layout = layout;
        this.encoder = new RnnKernel(layout.encoder, blas);
        this.decoder = new RnnKernel(layout.decoder, blas);
        this.blas = blas;
    }

    public EncoderDecoderLayout layout() {
        return layout;
    }

    /** Scratch of one caller: a workspace per RNN, sized for batches of up to maxBatch pairs of the given lengths. */
    public static final class Scratch {
        final Workspace encoder;
        final Workspace decoder;
        final RnnKernel.Exchange encode = new RnnKernel.Exchange();
        final RnnKernel.Exchange encodeBack = new RnnKernel.Exchange();
        final RnnKernel.Exchange decode = new RnnKernel.Exchange();
        final double[] encoded, context, start, stepInput, stepGrad, dContext, dEncoded;

        public Scratch(EncoderDecoderLayout layout, int maxBatch, int maxSourceLength, int maxTargetLength) {
            encoder = new Workspace(layout.encoder, maxBatch, maxSourceLength);
            decoder = new Workspace(layout.decoder, maxBatch, maxTargetLength);
            int n = maxBatch * layout.hiddenSize();
            encoded = new double[n];
            context = new double[n];
            start = new double[n];
            stepInput = new double[n];
            stepGrad = new double[n];
            dContext = new double[n];
            dEncoded = new double[n];
        }

        public int maxSourceLength() { return encoder.window; }
        public int maxTargetLength() { return decoder.window; }
        public int maxBatch() { return encoder.maxBatch; }
    }

    /** Loss of the batch (teacher forcing); dL/dtheta added into grad. */
    public double lossAndGradient(double[] theta, SequenceBatch source, SequenceBatch target, double[] grad, Scratch s) {
        return run(theta, source, target, grad, s, null);
    }

    /** Forward only (teacher forcing): the loss over the targets and, through the sink, the decoder's y^. */
    public double forward(double[] theta, SequenceBatch source, SequenceBatch target, Scratch s, RnnKernel.OutputSink sink) {
        return run(theta, source, target, null, s, sink);
    }

    /**
     * The context c of each source sequence, H values per sequence in order of addition, into {@code out};
     * with the context fed each step, also C c into {@code fed} (may be null otherwise).
     */
    public void encode(double[] theta, SequenceBatch source, double[] out, double[] fed, Scratch s) {
        int hn = layout.hiddenSize();
        int b = source.size();
        encodeInPackedOrder(theta, source, s);
        for (int i = 0; i < b; i++) {
            System.arraycopy(s.encoded, source.packedIndex(i) * hn, out, i * hn, hn);
        }
        if (fed != null && layout.feedContext) {
            blas.gemm(false, false, hn, b, hn, 1.0, theta, layout.offC(), hn, out, 0, hn, 0.0, fed, 0, hn);
        }
    }

    /** The decoder RNN (parameters at {@link EncoderDecoderLayout#decoderBase()}), for step-by-step decoding. */
    RnnKernel decoder() {
        return decoder;
    }

    private void encodeInPackedOrder(double[] theta, SequenceBatch source, Scratch s) {
        checkSource(theta, source, s);
        Arrays.fill(s.encoded, 0, layout.hiddenSize() * source.size(), 0);
        s.encode.hiddenReady = false;
        encoder.run(theta, 0, source, s.encoded, null, s.encoder, null, s.encode);
    }

    private void checkSource(double[] theta, SequenceBatch source, Scratch s) {
        if (theta.length != layout.size()) {
            throw new IllegalArgumentException("theta has " + theta.length + " values, " + layout + " needs " + layout.size());
        }
        if (source.size() > s.maxBatch()) {
            throw new IllegalArgumentException("batch of " + source.size() + " exceeds the scratch's " + s.maxBatch());
        }
        if (source.maxLength() > s.maxSourceLength()) {
            throw new IllegalArgumentException("source of length " + source.maxLength() + " exceeds the scratch's "
                    + s.maxSourceLength() + " (raise max.length)");
        }
    }

    private double run(double[] theta, SequenceBatch source, SequenceBatch target, double[] grad, Scratch s,
                       RnnKernel.OutputSink sink) {
        final int hn = layout.hiddenSize();
        final int b = target.size();
        if (source.size() != b) {
            throw new IllegalArgumentException("source batch has " + source.size() + " sequences, target batch " + b);
        }
        if (target.maxLength() > s.maxTargetLength()) {
            throw new IllegalArgumentException("target of length " + target.maxLength() + " exceeds the scratch's "
                    + s.maxTargetLength() + " (raise max.length)");
        }
        // c = e_S, moved from the source's packing to the target's
        encodeInPackedOrder(theta, source, s);
        for (int i = 0; i < b; i++) {
            System.arraycopy(s.encoded, source.packedIndex(i) * hn, s.context, target.packedIndex(i) * hn, hn);
        }
        // C c, added to a_t at every decoder step
        s.decode.stepInput = null;
        s.decode.stepInputGradOut = null;
        if (layout.feedContext) {
            blas.gemm(false, false, hn, b, hn, 1.0, theta, layout.offC(), hn, s.context, 0, hn, 0.0, s.stepInput, 0, hn);
            s.decode.stepInput = s.stepInput;
            s.decode.stepInputGradOut = grad == null ? null : s.stepGrad;
        }
        // the decoder from h_0 = c (the kernel overwrites its h argument with the last states)
        System.arraycopy(s.context, 0, s.start, 0, hn * b);
        double loss = decoder.run(theta, layout.decoderBase(), target, s.start, grad, s.decoder, sink, s.decode);
        if (grad == null) {
            return loss;
        }
        // dL/dc = dL/dh_0 + C^T sum_t dL/da_t ;  dC += (sum_t dL/da_t) c^T
        System.arraycopy(s.decoder.initialStateGradient(), 0, s.dContext, 0, hn * b);
        if (layout.feedContext) {
            blas.gemm(true, false, hn, b, hn, 1.0, theta, layout.offC(), hn, s.stepGrad, 0, hn, 1.0, s.dContext, 0, hn);
            blas.gemm(false, true, hn, hn, b, 1.0, s.stepGrad, 0, hn, s.context, 0, hn, 1.0, grad, layout.offC(), hn);
        }
        // BPTT through the encoder from dL/de_S (back in the source's packing)
        for (int i = 0; i < b; i++) {
            System.arraycopy(s.dContext, target.packedIndex(i) * hn, s.dEncoded, source.packedIndex(i) * hn, hn);
        }
        s.encodeBack.hiddenReady = true;   // the encoding pass left the encoder's states in its workspace
        s.encodeBack.lastHiddenGradIn = s.dEncoded;
        encoder.run(theta, 0, source, null, grad, s.encoder, null, s.encodeBack);
        return loss;
    }
}
