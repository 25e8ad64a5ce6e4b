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

    @Override
    public boolean supports(Precision precision) {
        return true;
    }

    @Override
    public Network.Scratch scratch(Blas blas, int maxBatch, int window, Precision precision) {
        return precision == Precision.FLOAT32 ? new Scratch32(this, blas, maxBatch, window) : scratch(blas, maxBatch, window);
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

    /**
     * The float32 scratch: theta rounded to float32 once per batch, the generated {@link RnnKernel32}, and its
     * float32 gradient added into the caller's float64 buffer.
     */
    private static final class Scratch32 implements Network.Scratch {
        private final RnnKernel32 kernel;
        private final SequenceBatch batch;
        private final Workspace32 workspace;
        private final float[] theta32;
        private final float[] grad32;
        private final double[] outputs;   // y^ of a forward pass, widened for the caller's sink
        private final RnnKernel32.OutputSink widen;   // y^ widened into outputs, passed on to target
        private RnnKernel.OutputSink target;

        Scratch32(RnnNetwork n, Blas blas, int maxBatch, int window) {
            kernel = new RnnKernel32(n.layout, blas);
            batch = new SequenceBatch(n.layout, n.head, n.mode);
            workspace = new Workspace32(n.layout, maxBatch, window);
            theta32 = new float[n.layout.size()];
            grad32 = new float[n.layout.size()];
            outputs = new double[(int) Math.min(Integer.MAX_VALUE - 8, (long) window * maxBatch * n.layout.outputSize)];
            int k = n.layout.outputSize;
            widen = (first, count, o) -> {
                for (int i = 0, len = count * k; i < len; i++) outputs[i] = o[i];
                target.accept(first, count, outputs);
            };
        }

        @Override public SequenceBatch batch() { return batch; }
        @Override public SequenceBatch source() { throw Networks.noSource(); }
        @Override public long steps() { return batch.columns(); }
        @Override public void clear() { batch.clear(); }
        @Override public long bytes() { return workspace.bytes() + 4L * (theta32.length + grad32.length) + 8L * outputs.length; }

        @Override
        public double lossAndGradient(double[] theta, double[] grad) {
            batch.pack();
            round(theta);
            java.util.Arrays.fill(grad32, 0);
            double loss = kernel.lossAndGradient(theta32, batch, null, grad32, workspace);
            for (int i = 0; i < grad32.length; i++) grad[i] += grad32[i];
            return loss;
        }

        @Override
        public double forward(double[] theta, RnnKernel.OutputSink sink) {
            batch.pack();
            round(theta);
            target = sink;
            try {
                return kernel.forward(theta32, batch, null, workspace, sink == null ? null : widen);
            } finally {
                target = null;
            }
        }

        private void round(double[] theta) {
            if (theta.length != theta32.length) {
                throw new IllegalArgumentException("theta has " + theta.length + " values, layout needs " + theta32.length);
            }
            for (int i = 0; i < theta.length; i++) theta32[i] = (float) theta[i];
        }
    }
}
