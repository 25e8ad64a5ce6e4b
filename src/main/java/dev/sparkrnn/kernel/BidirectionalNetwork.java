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
    public Network.Scratch scratch(Blas blas, int maxBatch, int window, Precision precision) {
        return new Scratch(this, blas, maxBatch, window, precision);
    }

    /** Batches and workspaces of one caller; in float32 the generated {@link BiRnnKernel32} behind a {@link Float32Bridge}. */
    private static final class Scratch implements Network.Scratch {
        private final BidirectionalNetwork network;
        private final int maxBatch;
        private final SequenceBatch batch;
        private final BiRnnKernel kernel;        // float64, or null
        private BiRnnKernel.Scratch scratch;
        private final BiRnnKernel32 kernel32;    // float32, or null
        private BiRnnKernel32.Scratch scratch32;
        private final Float32Bridge bridge;

        Scratch(BidirectionalNetwork n, Blas blas, int maxBatch, int window, Precision precision) {
            network = n;
            this.maxBatch = maxBatch;
            batch = new SequenceBatch(n.layout, n.head, n.mode);
            boolean f32 = precision == Precision.FLOAT32;
            kernel = f32 ? null : new BiRnnKernel(n.layout, blas);
            scratch = f32 ? null : new BiRnnKernel.Scratch(n.layout, n.head, n.mode, maxBatch, window);
            kernel32 = f32 ? new BiRnnKernel32(n.layout, blas) : null;
            scratch32 = f32 ? new BiRnnKernel32.Scratch(n.layout, n.head, n.mode, maxBatch, window) : null;
            bridge = f32 ? new Float32Bridge(n.parameterCount(), n.layout.outputSize) : null;
        }

        @Override public SequenceBatch batch() { return batch; }
        @Override public SequenceBatch source() { throw Networks.noSource(); }
        @Override public long steps() { return batch.columns(); }
        @Override public void clear() { batch.clear(); }

        @Override
        public long bytes() {
            return bridge == null ? scratch.forward.bytes() + scratch.backward.bytes()
                    : scratch32.forward.bytes() + scratch32.backward.bytes() + bridge.bytes();
        }

        @Override
        public double lossAndGradient(double[] theta, double[] grad) {
            pack();
            if (bridge == null) return kernel.lossAndGradient(theta, batch, grad, scratch);
            double loss = kernel32.lossAndGradient(bridge.theta(theta), batch, bridge.gradient(), scratch32);
            bridge.addGradientTo(grad);
            return loss;
        }

        @Override
        public double forward(double[] theta, RnnKernel.OutputSink sink) {
            pack();
            return bridge == null ? kernel.forward(theta, batch, scratch, sink)
                    : kernel32.forward(bridge.theta(theta), batch, scratch32, bridge.sink(sink));
        }

        /** Packs the batch and grows the workspaces to its longest sequence (whole sequences, no truncation). */
        private void pack() {
            batch.pack();
            int n = batch.maxLength();
            BidirectionalNetwork w = network;
            if (bridge == null && n > scratch.maxLength()) {
                scratch = new BiRnnKernel.Scratch(w.layout, w.head, w.mode, maxBatch, n);
            } else if (bridge != null && n > scratch32.maxLength()) {
                scratch32 = new BiRnnKernel32.Scratch(w.layout, w.head, w.mode, maxBatch, n);
            }
        }
    }
}
