package dev.sparkrnn.kernel;

/**
 * The scratch memory of one {@link RnnKernel} caller (one per Spark task), sized once for a maximum
 * batch B and a truncated-BPTT window k: it grows with B x k x H, never with the data or with a
 * sequence's full length. Not thread-safe; reuse it for every batch.
 */
public final class Workspace {
    final int maxBatch;
    final int window;
    /** Hidden states of a window: the carried-in block (B columns), then one column per real step. */
    final double[] hs;
    /** dL/dh then, in place, dL/da (a = pre-activation) for each column of the window. */
    final double[] dh;
    /** Outputs o, then dL/do, per column of the window (or per sequence for LAST_STEP targets). */
    final double[] out;
    /** dL/dh_{t-1} flowing back through V, one column per sequence. */
    final double[] next;
    /** Last-step hidden states gathered for a LAST_STEP head, then their dL/dh. */
    final double[] sel;
    /** Zero initial state when the caller passes none. */
    final double[] zeros;

    public Workspace(RnnLayout layout, int maxBatch, int window) {
        if (maxBatch <= 0 || window <= 0) {
            throw new IllegalArgumentException("maxBatch and window must be positive: " + maxBatch + ", " + window);
        }
        this.maxBatch = maxBatch;
        this.window = window;
        int h = layout.hiddenSize;
        long cols = (long) window * maxBatch;
        if ((cols + maxBatch) * Math.max(h, layout.outputSize) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("workspace too large: batch " + maxBatch + " x window " + window);
        }
        hs = new double[(int) ((cols + maxBatch) * h)];
        dh = new double[(int) (cols * h)];
        out = new double[(int) (cols * layout.outputSize)];
        next = new double[maxBatch * h];
        sel = new double[maxBatch * h];
        zeros = new double[maxBatch * h];
    }

    public int maxBatch() { return maxBatch; }
    /** The truncated-BPTT length k: gradients flow back at most this many steps. */
    public int window() { return window; }

    /**
     * dL/dh_0 for the packed sequences of the last batch, H values per sequence, valid when the batch fit
     * in one window (no truncation): the gradient an encoder receives from what its final state started.
     */
    public double[] initialStateGradient() { return next; }

    /** Bytes held by this workspace. */
    public long bytes() {
        return (long) Double.BYTES * (hs.length + dh.length + out.length + next.length + sel.length + zeros.length);
    }
}
