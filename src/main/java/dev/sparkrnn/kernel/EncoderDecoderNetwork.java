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
    public Network.Scratch scratch(Blas blas, int maxBatch, int window) {
        return new Scratch(this, blas, maxBatch, window);
    }

    @Override
    public boolean supports(Precision precision) {
        return true;
    }

    @Override
    public Network.Scratch scratch(Blas blas, int maxBatch, int window, Precision precision) {
        return precision == Precision.FLOAT32 ? new Scratch32(this, blas, maxBatch, window) : scratch(blas, maxBatch, window);
    }

    /** A decoder (greedy, beam search, sampling) of these parameters, for sources of up to maxSourceLength steps. */
    public SequenceDecoder decoder(Blas blas, double[] theta, int maxWidth, int maxSourceLength) {
        return new SequenceDecoder(new EncoderDecoderKernel(encoderDecoder, blas), theta, maxWidth, maxSourceLength);
    }

    private static final class Scratch implements Network.Scratch {
        private final EncoderDecoderLayout layout;
        private final int maxBatch;
        private final EncoderDecoderKernel kernel;
        private final SequenceBatch source;
        private final SequenceBatch batch;
        private EncoderDecoderKernel.Scratch scratch;

        Scratch(EncoderDecoderNetwork n, Blas blas, int maxBatch, int window) {
            layout = n.encoderDecoder;
            this.maxBatch = maxBatch;
            kernel = new EncoderDecoderKernel(layout, blas);
            source = new SequenceBatch(layout.encoder, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.LAST_STEP);
            batch = new SequenceBatch(layout.decoder, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP);
            scratch = new EncoderDecoderKernel.Scratch(layout, maxBatch, window, window);
        }

        @Override public SequenceBatch batch() { return batch; }
        @Override public SequenceBatch source() { return source; }
        @Override public long steps() { return batch.columns() + source.columns(); }
        @Override public long bytes() { return scratch.encoder.bytes() + scratch.decoder.bytes(); }

        @Override
        public void clear() {
            batch.clear();
            source.clear();
        }

        @Override
        public double lossAndGradient(double[] theta, double[] grad) {
            pack();
            return kernel.lossAndGradient(theta, source, batch, grad, scratch);
        }

        @Override
        public double forward(double[] theta, RnnKernel.OutputSink sink) {
            pack();
            return kernel.forward(theta, source, batch, scratch, sink);
        }

        private void pack() {
            batch.pack();
            source.pack();
            if (source.maxLength() > scratch.maxSourceLength() || batch.maxLength() > scratch.maxTargetLength()) {
                int n = Math.max(source.maxLength(), batch.maxLength());
                scratch = new EncoderDecoderKernel.Scratch(layout, maxBatch, n, n);
            }
        }
    }

    /** The float32 scratch: the generated {@link EncoderDecoderKernel32} behind a {@link Float32Bridge}. */
    private static final class Scratch32 implements Network.Scratch {
        private final EncoderDecoderLayout layout;
        private final int maxBatch;
        private final EncoderDecoderKernel32 kernel;
        private final SequenceBatch source;
        private final SequenceBatch batch;
        private final Float32Bridge bridge;
        private EncoderDecoderKernel32.Scratch scratch;

        Scratch32(EncoderDecoderNetwork n, Blas blas, int maxBatch, int window) {
            layout = n.encoderDecoder;
            this.maxBatch = maxBatch;
            kernel = new EncoderDecoderKernel32(layout, blas);
            source = new SequenceBatch(layout.encoder, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.LAST_STEP);
            batch = new SequenceBatch(layout.decoder, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP);
            bridge = new Float32Bridge(layout.size(), layout.decoder.outputSize);
            scratch = new EncoderDecoderKernel32.Scratch(layout, maxBatch, window, window);
        }

        @Override public SequenceBatch batch() { return batch; }
        @Override public SequenceBatch source() { return source; }
        @Override public long steps() { return batch.columns() + source.columns(); }
        @Override public long bytes() { return scratch.encoder.bytes() + scratch.decoder.bytes() + bridge.bytes(); }

        @Override
        public void clear() {
            batch.clear();
            source.clear();
        }

        @Override
        public double lossAndGradient(double[] theta, double[] grad) {
            pack();
            double loss = kernel.lossAndGradient(bridge.theta(theta), source, batch, bridge.gradient(), scratch);
            bridge.addGradientTo(grad);
            return loss;
        }

        @Override
        public double forward(double[] theta, RnnKernel.OutputSink sink) {
            pack();
            return kernel.forward(bridge.theta(theta), source, batch, scratch, bridge.sink(sink));
        }

        private void pack() {
            batch.pack();
            source.pack();
            if (source.maxLength() > scratch.maxSourceLength() || batch.maxLength() > scratch.maxTargetLength()) {
                int n = Math.max(source.maxLength(), batch.maxLength());
                scratch = new EncoderDecoderKernel32.Scratch(layout, maxBatch, n, n);
            }
        }
    }
}
