package dev.sparkrnn.kernel;

import java.util.Objects;

/**
 * A bidirectional RNN on {@link BiRnnKernel}: two {@link RnnLayout} blocks (forward, then backward) in the
 * flat vector; whole sequences, the scratch grows to the longest.
 */
public record BidirectionalNetwork(RnnLayout layout, Head head, TargetMode mode) implements Network {

    public BidirectionalNetwork {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(mode, "mode");
    }

    @Override
    public int parameterCount() {
        return 2 * layout.size();
    }

    @Override
    public int[] weightRanges() {
        int n = layout.size();
        return new int[] {layout.offU(), layout.offBh(), n + layout.offU(), n + layout.offBh()};
    }

    @Override
    public double[] initialize(long seed, double recurrentGain) {
        return initialize(layout, seed, recurrentGain);
    }

    /** Two seeded RNN blocks (the backward one from seed + 1). */
    public static double[] initialize(RnnLayout layout, long seed, double recurrentGain) {
        double[] theta = new double[2 * layout.size()];
        System.arraycopy(Initializer.initialize(layout, seed, recurrentGain), 0, theta, 0, layout.size());
        System.arraycopy(Initializer.initialize(layout, seed + 1, recurrentGain), 0, theta, layout.size(), layout.size());
        return theta;
    }

    @Override
    public boolean readsSource() {
        return false;
    }

    @Override
    public String describe() {
        return "birnn " + Networks.describe(layout, head, mode);
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

    private static final class Scratch implements Network.Scratch {
        private final BidirectionalNetwork network;
        private final int maxBatch;
        private final BiRnnKernel kernel;
        private final SequenceBatch batch;
        private BiRnnKernel.Scratch scratch;

        Scratch(BidirectionalNetwork n, Blas blas, int maxBatch, int window) {
            network = n;
            this.maxBatch = maxBatch;
            kernel = new BiRnnKernel(n.layout, blas);
            batch = new SequenceBatch(n.layout, n.head, n.mode);
            scratch = new BiRnnKernel.Scratch(n.layout, n.head, n.mode, maxBatch, window);
        }

        @Override public SequenceBatch batch() { return batch; }
        @Override public SequenceBatch source() { throw Networks.noSource(); }
        @Override public long steps() { return batch.columns(); }
        @Override public void clear() { batch.clear(); }
        @Override public long bytes() { return scratch.forward.bytes() + scratch.backward.bytes(); }

        @Override
        public double lossAndGradient(double[] theta, double[] grad) {
            pack();
            return kernel.lossAndGradient(theta, batch, grad, scratch);
        }

        @Override
        public double forward(double[] theta, RnnKernel.OutputSink sink) {
            pack();
            return kernel.forward(theta, batch, scratch, sink);
        }

        private void pack() {
            batch.pack();
            if (batch.maxLength() > scratch.maxLength()) {
                scratch = new BiRnnKernel.Scratch(network.layout, network.head, network.mode, maxBatch, batch.maxLength());
            }
        }
    }

    /** The float32 scratch: the generated {@link BiRnnKernel32} behind a {@link Float32Bridge}. */
    private static final class Scratch32 implements Network.Scratch {
        private final BidirectionalNetwork network;
        private final int maxBatch;
        private final BiRnnKernel32 kernel;
        private final SequenceBatch batch;
        private final Float32Bridge bridge;
        private BiRnnKernel32.Scratch scratch;

        Scratch32(BidirectionalNetwork n, Blas blas, int maxBatch, int window) {
            network = n;
            this.maxBatch = maxBatch;
            kernel = new BiRnnKernel32(n.layout, blas);
            batch = new SequenceBatch(n.layout, n.head, n.mode);
            bridge = new Float32Bridge(n.parameterCount(), n.layout.outputSize);
            scratch = new BiRnnKernel32.Scratch(n.layout, n.head, n.mode, maxBatch, window);
        }

        @Override public SequenceBatch batch() { return batch; }
        @Override public SequenceBatch source() { throw Networks.noSource(); }
        @Override public long steps() { return batch.columns(); }
        @Override public void clear() { batch.clear(); }
        @Override public long bytes() { return scratch.forward.bytes() + scratch.backward.bytes() + bridge.bytes(); }

        @Override
        public double lossAndGradient(double[] theta, double[] grad) {
            pack();
            double loss = kernel.lossAndGradient(bridge.theta(theta), batch, bridge.gradient(), scratch);
            bridge.addGradientTo(grad);
            return loss;
        }

        @Override
        public double forward(double[] theta, RnnKernel.OutputSink sink) {
            pack();
            return kernel.forward(bridge.theta(theta), batch, scratch, bridge.sink(sink));
        }

        private void pack() {
            batch.pack();
            if (batch.maxLength() > scratch.maxLength()) {
                scratch = new BiRnnKernel32.Scratch(network.layout, network.head, network.mode, maxBatch, batch.maxLength());
            }
        }
    }
}
