package dev.sparkrnn.kernel;

import java.util.Objects;

/**
 * An encoder–decoder on {@link EncoderDecoderKernel}: the encoder reads each record's source, the decoder
 * (the scored RNN: one-hot, softmax targets at every step) starts from its last state. Whole sequences, the
 * scratch grows to the longest source and target.
 */
public record EncoderDecoderNetwork(EncoderDecoderLayout encoderDecoder) implements Network {

    public EncoderDecoderNetwork {
        Objects.requireNonNull(encoderDecoder, "encoderDecoder");
    }

    @Override
    public RnnLayout layout() {
        return encoderDecoder.decoder;
    }

    @Override
    public Head head() {
        return Head.SOFTMAX_CROSS_ENTROPY;
    }

    @Override
    public TargetMode mode() {
        return TargetMode.EVERY_STEP;
    }

    /** The encoder RNN (no output layer). */
    public RnnLayout encoder() {
        return encoderDecoder.encoder;
    }

    @Override
    public int parameterCount() {
        return encoderDecoder.size();
    }

    @Override
    public int[] weightRanges() {
        EncoderDecoderLayout e = encoderDecoder;
        int d = e.decoderBase();
        return new int[] {e.encoder.offU(), e.encoder.offBh(), d + e.decoder.offU(), d + e.decoder.offBh(),
                e.offC(), e.size()};
    }

    @Override
    public double[] initialize(long seed, double recurrentGain) {
        return encoderDecoder.initialize(seed, recurrentGain);
    }

    @Override
    public boolean readsSource() {
        return true;
    }

    @Override
    public String describe() {
        RnnLayout e = encoderDecoder.encoder;
        return "encdec source D=" + e.inputSize + (e.oneHotInput ? "(one-hot)" : "(dense)")
                + (encoderDecoder.feedContext ? " context-fed" : "") + " decoder " + Networks.describe(layout(), head(), mode());
    }

    @Override
    public Network.Scratch scratch(Blas blas, int maxBatch, int window, Precision precision) {
        return new Scratch(this, blas, maxBatch, window, precision);
    }

    /** A decoder (greedy, beam search, sampling) of these parameters, for sources of up to maxSourceLength steps. */
    public SequenceDecoder decoder(Blas blas, double[] theta, int maxWidth, int maxSourceLength) {
        return new SequenceDecoder(new EncoderDecoderKernel(encoderDecoder, blas), theta, maxWidth, maxSourceLength);
    }

    /**
     * The same computing in {@code precision}: float32 runs the generated twin of {@link SequenceDecoder} on theta
     * rounded to float32 once (the kernels training in float32 runs), with tanh approximated within a few float32
     * ulps; scores and log-probabilities are summed in float64.
     */
    public SequenceSearch decoder(Blas blas, double[] theta, int maxWidth, int maxSourceLength, Precision precision) {
        if (precision == Precision.FLOAT64) return decoder(blas, theta, maxWidth, maxSourceLength);
        return new SequenceDecoder32(new EncoderDecoderKernel32(encoderDecoder, blas),
                Precision.toFloat32(theta, theta.length, new float[theta.length]), maxWidth, maxSourceLength);
    }

    /** Batches and workspaces of one caller; in float32 the generated {@link EncoderDecoderKernel32} behind a {@link Float32Bridge}. */
    private static final class Scratch implements Network.Scratch {
        private final EncoderDecoderLayout layout;
        private final int maxBatch;
        private final SequenceBatch source;
        private final SequenceBatch batch;
        private final EncoderDecoderKernel kernel;       // float64, or null
        private EncoderDecoderKernel.Scratch scratch;
        private final EncoderDecoderKernel32 kernel32;   // float32, or null
        private EncoderDecoderKernel32.Scratch scratch32;
        private final Float32Bridge bridge;

        Scratch(EncoderDecoderNetwork n, Blas blas, int maxBatch, int window, Precision precision) {
            layout = n.encoderDecoder;
            this.maxBatch = maxBatch;
            source = new SequenceBatch(layout.encoder, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.LAST_STEP);
            batch = new SequenceBatch(layout.decoder, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP);
            boolean f32 = precision == Precision.FLOAT32;
            kernel = f32 ? null : new EncoderDecoderKernel(layout, blas);
            scratch = f32 ? null : new EncoderDecoderKernel.Scratch(layout, maxBatch, window, window);
            kernel32 = f32 ? new EncoderDecoderKernel32(layout, blas) : null;
            scratch32 = f32 ? new EncoderDecoderKernel32.Scratch(layout, maxBatch, window, window) : null;
            bridge = f32 ? new Float32Bridge(layout.size(), layout.decoder.outputSize) : null;
        }

        @Override public SequenceBatch batch() { return batch; }
        @Override public SequenceBatch source() { return source; }
        @Override public long steps() { return batch.columns() + source.columns(); }

        @Override
        public long bytes() {
            return bridge == null ? scratch.encoder.bytes() + scratch.decoder.bytes()
                    : scratch32.encoder.bytes() + scratch32.decoder.bytes() + bridge.bytes();
        }

        @Override
        public void clear() {
            batch.clear();
            source.clear();
        }

        @Override
        public double lossAndGradient(double[] theta, double[] grad) {
            pack();
            if (bridge == null) return kernel.lossAndGradient(theta, source, batch, grad, scratch);
            double loss = kernel32.lossAndGradient(bridge.theta(theta), source, batch, bridge.gradient(), scratch32);
            bridge.addGradientTo(grad);
            return loss;
        }

        @Override
        public double forward(double[] theta, RnnKernel.OutputSink sink) {
            pack();
            return bridge == null ? kernel.forward(theta, source, batch, scratch, sink)
                    : kernel32.forward(bridge.theta(theta), source, batch, scratch32, bridge.sink(sink));
        }

        /** Packs both batches and grows the workspaces to their longest sequences (whole sequences, no truncation). */
        private void pack() {
            batch.pack();
            source.pack();
            int n = Math.max(source.maxLength(), batch.maxLength());
            if (bridge == null && (source.maxLength() > scratch.maxSourceLength() || batch.maxLength() > scratch.maxTargetLength())) {
                scratch = new EncoderDecoderKernel.Scratch(layout, maxBatch, n, n);
            } else if (bridge != null
                    && (source.maxLength() > scratch32.maxSourceLength() || batch.maxLength() > scratch32.maxTargetLength())) {
                scratch32 = new EncoderDecoderKernel32.Scratch(layout, maxBatch, n, n);
            }
        }
    }
}
