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
    public Network.Scratch scratch(Blas blas, int maxBatch, int window, Precision precision) {
        return precision == Precision.FLOAT32 ? new Scratch32(this, blas, maxBatch, window) : new Scratch(this, blas, maxBatch, window);
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

    /** The float32 scratch: the generated {@link RnnKernel32} behind a {@link Float32Bridge}. */
    private static final class Scratch32 implements Network.Scratch {
        private final RnnKernel32 kernel;
        private final SequenceBatch batch;
        private final Workspace32 workspace;
        private final Float32Bridge bridge;

        Scratch32(RnnNetwork n, Blas blas, int maxBatch, int window) {
            kernel = new RnnKernel32(n.layout, blas);
            batch = new SequenceBatch(n.layout, n.head, n.mode);
            workspace = new Workspace32(n.layout, maxBatch, window);
            bridge = new Float32Bridge(n.layout.size(), n.layout.outputSize);
        }

        @Override public SequenceBatch batch() { return batch; }
        @Override public SequenceBatch source() { throw Networks.noSource(); }
        @Override public long steps() { return batch.columns(); }
        @Override public void clear() { batch.clear(); }
        @Override public long bytes() { return workspace.bytes() + bridge.bytes(); }

        @Override
        public double lossAndGradient(double[] theta, double[] grad) {
            batch.pack();
            double loss = kernel.lossAndGradient(bridge.theta(theta), batch, null, bridge.gradient(), workspace);
            bridge.addGradientTo(grad);
            return loss;
        }

        @Override
        public double forward(double[] theta, RnnKernel.OutputSink sink) {
            batch.pack();
            return kernel.forward(bridge.theta(theta), batch, null, workspace, bridge.sink(sink));
        }
    }
}
