package dev.sparkrnn.kernel;

import java.util.Objects;

/**
 * The lecture's RNN, one {@link RnnLayout} block, on {@link RnnKernel}:
 * h_t = tanh(U x_t + V h_{t-1} + b_h), o_t = W h_t + b_o; truncated BPTT at the scratch's window.
 */
public record RnnNetwork(RnnLayout layout, Head head, TargetMode mode) implements Network {

    public RnnNetwork {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(mode, "mode");
    }

    @Override
    public int parameterCount() {
        return layout.size();
    }

    @Override
    public int[] weightRanges() {
        return new int[] {layout.offU(), layout.offBh()};
    }

    @Override
    public double[] initialize(long seed, double recurrentGain) {
        return Initializer.initialize(layout, seed, recurrentGain);
    }

    @Override
    public boolean readsSource() {
        return false;
    }

    @Override
    public String describe() {
        return "rnn " + Networks.describe(layout, head, mode);
    }

    @Override
    public Network.Scratch scratch(Blas blas, int maxBatch, int window) {
        return new Scratch(this, blas, maxBatch, window);
    }

    private static final class Scratch implements Network.Scratch {
        private final RnnKernel kernel;
        private final SequenceBatch batch;
        private final Workspace workspace;

        Scratch(RnnNetwork n, Blas blas, int maxBatch, int window) {
            kernel = new RnnKernel(n.layout, blas);
            batch = new SequenceBatch(n.layout, n.head, n.mode);
            workspace = new Workspace(n.layout, maxBatch, window);
        }

        @Override public SequenceBatch batch() { return batch; }
        @Override public SequenceBatch source() { throw Networks.noSource(); }
        @Override public long steps() { return batch.columns(); }
        @Override public void clear() { batch.clear(); }
        @Override public long bytes() { return workspace.bytes(); }

        @Override
        public double lossAndGradient(double[] theta, double[] grad) {
            batch.pack();
            return kernel.lossAndGradient(theta, batch, null, grad, workspace);
        }

        @Override
        public double forward(double[] theta, RnnKernel.OutputSink sink) {
            batch.pack();
            return kernel.forward(theta, batch, null, workspace, sink);
        }
    }
}
