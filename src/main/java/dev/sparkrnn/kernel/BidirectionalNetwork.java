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
        return BiRnnKernel.initialize(layout, seed, recurrentGain);
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
}
