package dev.sparkrnn.kernel;

/**
 * A bidirectional RNN: a forward RNN reads each sequence left to right, a backward RNN reads it right to
 * left from its <em>true</em> last step (never from padding), and the output at step t sees both:
 *
 * <pre>
 *   h^f_t = tanh(U_f x_t + V_f h^f_{t-1} + b_f)          t = 0 .. T-1
 *   h^b_t = tanh(U_b x_t + V_b h^b_{t+1} + b_b)          t = T-1 .. 0   (T = this sequence's length)
 *   o_t   = W_f h^f_t + W_b h^b_t + b_o^f + b_o^b  =  [W_f W_b] [h^f_t; h^b_t] + b_o
 * </pre>
 *
 * Tagging (EVERY_STEP) uses o_t at every step; classification (LAST_STEP) uses the last forward state with
 * the first backward state (the one that has read the whole sequence). Parameters: one flat vector, the
 * forward RNN's {@link RnnLayout} block then the backward RNN's (each with its half of W and a share of
 * b_o). Each direction runs on the ordinary kernel; the backward one on a copy of the batch with every
 * sequence reversed within its own length, and the two exchange logits and dL/do through
 * {@link RnnKernel.Exchange}. BPTT runs through both directions over the whole sequence (no truncation).
 * The build generates its float32 twin {@code BiRnnKernel32} from this file (src/build/Float32Sources.java).
 */
public final class BiRnnKernel {
    private final RnnLayout layout;
    private final RnnKernel kernel;

    public BiRnnKernel(RnnLayout layout, Blas blas) {
        this.layout = layout;
        this.kernel = new RnnKernel(layout, blas);
    }

    public RnnLayout layout() {
        return layout;
    }

    /** Parameters of both directions. */
    public int size() {
        return 2 * layout.size();
    }

    /** Offset of the backward RNN's block. */
    public int backwardBase() {
        return layout.size();
    }

    /** Scratch of one caller: a workspace per direction, the reversed batch and the exchanged values. */
    public static final class Scratch {
        final Workspace forward;
        final Workspace backward;
        final SequenceBatch reversed;
        final RnnKernel.Exchange toForward = new RnnKernel.Exchange();
        final RnnKernel.Exchange fromBackward = new RnnKernel.Exchange();
        final RnnKernel.Exchange toBackward = new RnnKernel.Exchange();
        double[] logits = new double[0], extra = new double[0], delta = new double[0], deltaRev = new double[0];

        /** For batches of up to {@code maxBatch} sequences of up to {@code maxLength} steps. */
        public Scratch(RnnLayout layout, Head head, TargetMode mode, int maxBatch, int maxLength) {
            forward = new Workspace(layout, maxBatch, maxLength);
            backward = new Workspace(layout, maxBatch, maxLength);
            reversed = new SequenceBatch(layout, head, mode);
        }

        public int maxLength() {
            return forward.window;
        }
    }

    /** Loss of the batch; dL/dtheta (both directions) added into grad. */
    public double lossAndGradient(double[] theta, SequenceBatch batch, double[] grad, Scratch s) {
        return run(theta, batch, grad, s, null);
    }

    /** Forward only: the loss over the targets present and, through the sink, y^ of the combined logits. */
    public double forward(double[] theta, SequenceBatch batch, Scratch s, RnnKernel.OutputSink sink) {
        return run(theta, batch, null, s, sink);
    }

    private double run(double[] theta, SequenceBatch batch, double[] grad, Scratch s, RnnKernel.OutputSink sink) {
        if (theta.length != size()) {
            throw new IllegalArgumentException("theta has " + theta.length + " values, a bidirectional " + layout
                    + " needs " + size());
        }
        if (batch.maxLength() > s.maxLength()) {
            throw new IllegalArgumentException("a bidirectional RNN reads whole sequences: length " + batch.maxLength()
                    + " exceeds the scratch's " + s.maxLength() + " (raise the window)");
        }
        boolean every = batch.mode() == TargetMode.EVERY_STEP;
        int k = layout.outputSize;
        int slots = every ? batch.columns() : batch.size();
        if (s.logits.length < slots * k) {
            s.logits = new double[slots * k];
            s.extra = new double[slots * k];
            s.delta = new double[slots * k];
            s.deltaRev = new double[slots * k];
        }
        batch.reverseInto(s.reversed);

        // W_b h^b_t + b_o^b for every output slot of the reversed batch
        s.fromBackward.logitsOut = s.logits;
        kernel.run(theta, backwardBase(), s.reversed, null, null, s.backward, null, s.fromBackward);
        mapSlots(batch, s.logits, s.extra, every);

        // forward RNN with the backward contribution added to its logits; it computes the loss and dL/do
        s.toForward.addLogits = s.extra;
        s.toForward.deltaOut = grad == null ? null : s.delta;
        double loss = kernel.run(theta, 0, batch, null, grad, s.forward, sink, s.toForward);
        if (grad == null) {
            return loss;
        }
        // BPTT through the backward RNN from the same dL/do
        mapSlots(batch, s.delta, s.deltaRev, every);
        s.toBackward.deltaIn = s.deltaRev;
        s.toBackward.hiddenReady = true;   // the logits pass left the backward RNN's states in its workspace
        kernel.run(theta, backwardBase(), s.reversed, null, grad, s.backward, null, s.toBackward);
        return loss;
    }

    /**
     * Moves K values per slot between the original and the reversed batch (the mapping is its own inverse):
     * EVERY_STEP column (t, b) <-> (len_b - 1 - t, b); LAST_STEP sequence b <-> b.
     */
    private void mapSlots(SequenceBatch batch, double[] from, double[] to, boolean every) {
        int k = layout.outputSize;
        if (!every) {
            System.arraycopy(from, 0, to, 0, batch.size() * k);
            return;
        }
        for (int b = 0; b < batch.size(); b++) {
            int len = batch.length(b);
            for (int t = 0; t < len; t++) {
                System.arraycopy(from, (batch.stepStart(len - 1 - t) + b) * k, to, (batch.stepStart(t) + b) * k, k);
            }
        }
    }
}
