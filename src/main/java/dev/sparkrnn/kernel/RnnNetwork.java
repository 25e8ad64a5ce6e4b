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
        return new Scratch(this, blas, maxBatch, window, precision);
    }

    /** Batches and workspace of one caller; in float32 the generated {@link RnnKernel32} behind a {@link Float32Bridge}. */
    private static final class Scratch implements Network.Scratch {
        private final SequenceBatch batch;
        private final RnnKernel kernel;        // float64, or null
        private final Workspace workspace;
        private final RnnKernel32 kernel32;    // float32, or null
        private final Workspace32 workspace32;
        private final Float32Bridge bridge;

        Scratch(RnnNetwork n, Blas blas, int maxBatch, int window, Precision precision) {
            batch = new SequenceBatch(n.layout, n.head, n.mode);
            boolean f32 = precision == Precision.FLOAT32;
            kernel = f32 ? null : new RnnKernel(n.layout, blas);
            workspace = f32 ? null : new Workspace(n.layout, maxBatch, window);
            kernel32 = f32 ? new RnnKernel32(n.layout, blas) : null;
            workspace32 = f32 ? new Workspace32(n.layout, maxBatch, window) : null;
            bridge = f32 ? new Float32Bridge(n.layout.size(), n.layout.outputSize) : null;
        }

        @Override public SequenceBatch batch() { return batch; }
        @Override public SequenceBatch source() { throw Networks.noSource(); }
        @Override public long steps() { return batch.columns(); }
        @Override public void clear() { batch.clear(); }
        @Override public long bytes() { return bridge == null ? workspace.bytes() : workspace32.bytes() + bridge.bytes(); }

        @Override
        public double lossAndGradient(double[] theta, double[] grad) {
            batch.pack();
            if (bridge == null) return kernel.lossAndGradient(theta, batch, null, grad, workspace);
            double loss = kernel32.lossAndGradient(bridge.theta(theta), batch, null, bridge.gradient(), workspace32);
            bridge.addGradientTo(grad);
            return loss;
        }

        @Override
        public double forward(double[] theta, RnnKernel.OutputSink sink) {
            batch.pack();
            return bridge == null ? kernel.forward(theta, batch, null, workspace, sink)
                    : kernel32.forward(bridge.theta(theta), batch, null, workspace32, bridge.sink(sink));
        }
    }
}
