package dev.sparkrnn.kernel;

import java.util.Arrays;

/**
 * Forward pass and backpropagation through time of the vanilla RNN on a packed {@link SequenceBatch}.
 *
 * <pre>
 *   a_t = U x_t + V h_{t-1} + b_h,   h_t = tanh(a_t)
 *   o_t = W h_t + b_o,               y^_t = sigma(o_t),   L = sum_t L(y^_t, y_t)
 * </pre>
 *
 * Each time step of the recurrence is one matrix product over the sequences running at that step;
 * everything else (U x_t for dense input, W h_t, and the gradients of U, V, W) is one large product per
 * window. The kernel returns the summed loss and <em>adds</em> dL/dtheta into the caller's buffer; it
 * allocates nothing. Sequences longer than the workspace's window k are processed window by window:
 * the hidden state carries across windows, the gradient does not (truncated BPTT).
 *
 * <p>This file is also the template of the float32 kernel {@code RnnKernel32} (parameters, activations,
 * products (sgemm) and elementwise loops in float32, tanh by {@link FastTanh}; losses in float64), generated at build time by
 * {@code src/build/Float32Sources.java}: a double scalar stored into an array is cast with {@code (double)}, which
 * becomes {@code (float)} there, and a scalar declared {@code /*element*}{@code / double} is a float there (so
 * its loop stays in float32 and vectorizes).
 */
public final class RnnKernel {
    private final RnnLayout layout;
    private final Blas blas;

    /** Receives activated outputs y^ of a forward-only pass, one window at a time. */
    @FunctionalInterface
    public interface OutputSink {
        /**
         * @param first   EVERY_STEP: the packed column of the first output; LAST_STEP: the packed index
         *                of the first sequence whose last step is in this window
         * @param count   number of outputs (columns of K values)
         * @param outputs y^ values, K per output, starting at offset 0
         */
        void accept(int first, int count, double[] outputs);
    }

    public RnnKernel(RnnLayout layout, Blas blas) {
        this.layout = layout;
        this.blas = blas;
    }

    public RnnLayout layout() { return layout; }
    public Blas blas() { return blas; }

    /**
     * Loss and gradient of a batch.
     *
     * @param theta parameters (layout of {@link RnnLayout})
     * @param batch a packed batch
     * @param h     null for a zero initial state; otherwise H x B in packed order, read as h_0 and
     *              overwritten with each sequence's last hidden state (carry it to the next chunk)
     * @param grad  dL/dtheta is added here
     * @return the loss summed over the batch's targets ({@link SequenceBatch#targetCount()} of them)
     */
    public double lossAndGradient(double[] theta, SequenceBatch batch, double[] h, double[] grad, Workspace ws) {
        if (grad == null) throw new IllegalArgumentException("grad buffer is null; use forward() for no gradient");
        return run(theta, 0, batch, h, grad, ws, null, null);
    }

    /** Forward only: the summed loss over the targets present, and, if a sink is given, the outputs. */
    public double forward(double[] theta, SequenceBatch batch, double[] h, Workspace ws, OutputSink sink) {
        return run(theta, 0, batch, h, null, ws, sink, null);
    }

    /**
     * How a composite model (the bidirectional RNN) shares the output layer with this kernel: K values per
     * output slot (EVERY_STEP: packed column; LAST_STEP: packed sequence). Any field may be null.
     */
    public static final class Exchange {
        /** Added to o_t before the head: the other direction's contribution W_b h^b_t. */
        public double[] addLogits;
        /** Receives the raw o_t; the head and the backward pass are skipped. */
        public double[] logitsOut;
        /** Receives dL/do_t computed by the head. */
        public double[] deltaOut;
        /** Used as dL/do_t instead of the head (the loss is counted by whoever computed it). */
        public double[] deltaIn;
        /**
         * The workspace already holds this batch's hidden states from the previous call (a single window,
         * same parameters): skip the forward recurrence.
         */
        public boolean hiddenReady;
        /**
         * H values per packed sequence added to a_t at every step of that sequence (an encoder–decoder's
         * context C c fed to each decoder step).
         */
        public double[] stepInput;
        /** Receives sum_t dL/da_t per packed sequence, H each (the gradient of {@link #stepInput}). */
        public double[] stepInputGradOut;
        /**
         * dL/dh at each packed sequence's last step, H each: BPTT starts from it and the output layer is not
         * used (an encoder, whose last state the decoder reads). Whole sequences in one window.
         */
        public double[] lastHiddenGradIn;
    }

    /**
     * The general entry point: parameters at {@code theta[base ..]} and gradients added at
     * {@code grad[base ..]} (a composite model keeps several RNNs in one flat vector), with an optional
     * {@link Exchange} of logits and dL/do.
     */
    public double run(double[] theta, int base, SequenceBatch batch, double[] h, double[] grad, Workspace ws,
                      OutputSink sink, Exchange exchange) {
        if (batch.layout() != layout && (batch.layout().hiddenSize != layout.hiddenSize
                || batch.layout().inputSize != layout.inputSize || batch.layout().outputSize != layout.outputSize)) {
            throw new IllegalArgumentException("batch built for " + batch.layout() + ", kernel is " + layout);
        }
        if (base < 0 || theta.length < base + layout.size() || (base == 0 && exchange == null && theta.length != layout.size())) {
            throw new IllegalArgumentException("theta has " + theta.length + " values, layout needs " + layout.size()
                    + (base > 0 ? " from offset " + base : ""));
        }
        final int bsz = batch.size();
        if (bsz > ws.maxBatch) {
            throw new IllegalArgumentException("batch of " + bsz + " exceeds workspace capacity " + ws.maxBatch);
        }
        final int hn = layout.hiddenSize;
        if (h == null) {
            h = ws.zeros;
            Arrays.fill(h, 0, hn * bsz, 0);
        } else if (h.length < hn * bsz) {
            throw new IllegalArgumentException("hidden state needs H x B = " + hn * bsz + " values");
        }
        final int steps = batch.maxLength();
        if (exchange != null && exchange.stepInputGradOut != null) {
            Arrays.fill(exchange.stepInputGradOut, 0, hn * bsz, 0);
        }
        if (exchange != null && exchange.lastHiddenGradIn != null && steps > ws.window) {
            throw new IllegalArgumentException("an encoder reads whole sequences: length " + steps
                    + " exceeds the window " + ws.window);
        }
        double loss = 0;
        for (int s = 0; s < steps; s += ws.window) {
            int e = Math.min(steps, s + ws.window);
            loss += window(theta, base, batch, h, grad, ws, sink, exchange, s, e);
        }
        return loss;
    }

    /** Forward and backward over steps [s, e), starting from the carried state h. */
    private double window(double[] theta, int base, SequenceBatch batch, double[] carry, double[] grad, Workspace ws,
                          OutputSink sink, Exchange x, int s, int e) {
        final int hn = layout.hiddenSize;
        final int kn = layout.outputSize;
        final int dn = layout.inputSize;
        final int offU = base + layout.offU(), offV = base + layout.offV(), offW = base + layout.offW();
        final int offBh = base + layout.offBh(), offBo = base + layout.offBo();
        final double[] hs = ws.hs, dh = ws.dh, out = ws.out;
        final int c0 = batch.stepStart(s);
        final int n = batch.stepStart(e) - c0;   // real steps (columns) in this window
        final int bs = batch.stepCount(s);       // sequences running at the window's first step

        // the hidden states of this batch may already be in the workspace (a composite model's second pass)
        final boolean ready = x != null && x.hiddenReady;
        if (!ready) {
            // h_{s-1}: the carried-in block occupies hs columns [0, bs); window column j is hs column bs + j
            System.arraycopy(carry, 0, hs, 0, hn * bs);

            // a_t = U x_t + b_h for every column (one-hot: x_t selects a column of U)
            if (layout.oneHotInput) {
                int[] tokens = batch.tokens();
                for (int j = 0; j < n; j++) {
                    int u = offU + tokens[c0 + j] * hn;
                    int dst = (bs + j) * hn;
                    for (int i = 0; i < hn; i++) {
                        hs[dst + i] = theta[u + i] + theta[offBh + i];
                    }
                }
            } else {
                for (int j = 0; j < n; j++) {
                    System.arraycopy(theta, offBh, hs, (bs + j) * hn, hn);
                }
                blas.gemm(false, false, hn, n, dn, 1.0, theta, offU, hn, batch.features(), c0 * dn, dn,
                        1.0, hs, bs * hn, hn);
            }
            // a_t += c_b, a constant input of each sequence b (the decoder's context)
            if (x != null && x.stepInput != null) {
                for (int t = s; t < e; t++) {
                    int col = bs + batch.stepStart(t) - c0;
                    for (int i = 0, len = batch.stepCount(t) * hn; i < len; i++) {
                        hs[col * hn + i] += x.stepInput[i];
                    }
                }
            }

            // h_t = tanh(a_t + V h_{t-1}), one product per step over the bt sequences still running
            int prev = 0;
            for (int t = s; t < e; t++) {
                int bt = batch.stepCount(t);
                int col = bs + batch.stepStart(t) - c0;
                blas.gemm(false, false, hn, bt, hn, 1.0, theta, offV, hn, hs, prev * hn, hn, 1.0, hs, col * hn, hn);
                tanhInPlace(hs, col * hn, bt * hn);
                prev = col;
            }

            // carry out each sequence's latest state: those ending at t < e-1 and all running at e-1
            for (int t = s; t < e; t++) {
                int from = t == e - 1 ? 0 : batch.stepCount(t + 1);
                int to = batch.stepCount(t);
                if (to > from) {
                    int col = bs + batch.stepStart(t) - c0;
                    System.arraycopy(hs, (col + from) * hn, carry, from * hn, (to - from) * hn);
                }
            }

        }

        // an encoder (no output layer): BPTT starts from the dL/dh its last states received
        if (kn == 0 || (x != null && x.lastHiddenGradIn != null)) {
            if (grad == null || x == null || x.lastHiddenGradIn == null) {
                return 0;
            }
            Arrays.fill(dh, 0, n * hn, 0);
            for (int b = batch.stepCount(e); b < bs; b++) {
                int col = batch.stepStart(batch.length(b) - 1) - c0 + b;
                System.arraycopy(x.lastHiddenGradIn, b * hn, dh, col * hn, hn);
            }
            backward(theta, base, batch, grad, ws, x, s, e);
            return 0;
        }

        // o_t = W h_t + b_o, then dL/do_t in place (EVERY_STEP: all window columns; LAST_STEP: the
        // sequences whose last step lies in this window, gathered into sel)
        final boolean every = batch.mode() == TargetMode.EVERY_STEP;
        final int m;          // number of output columns
        final int firstOut;   // EVERY_STEP: packed column; LAST_STEP: packed sequence index
        final double[] src;   // the hidden states feeding the outputs
        final int srcOff;
        if (every) {
            m = n;
            firstOut = c0;
            src = hs;
            srcOff = bs * hn;
        } else {
            int lo = batch.stepCount(e);  // sequences still running after the window
            m = bs - lo;
            firstOut = lo;
            for (int i = 0; i < m; i++) {
                int b = lo + i;
                int col = bs + batch.stepStart(batch.length(b) - 1) - c0 + b;
                System.arraycopy(hs, col * hn, ws.sel, i * hn, hn);
            }
            src = ws.sel;
            srcOff = 0;
        }
        if (m == 0) {
            return 0;   // LAST_STEP window where no sequence ends: nothing to learn from it
        }
        final boolean givenDelta = x != null && x.deltaIn != null;
        if (!givenDelta) {
            for (int j = 0; j < m; j++) {
                System.arraycopy(theta, offBo, out, j * kn, kn);
            }
            blas.gemm(false, false, kn, m, hn, 1.0, theta, offW, kn, src, srcOff, hn, 1.0, out, 0, kn);
        }
        if (x != null && x.addLogits != null) {
            for (int i = 0, o = firstOut * kn; i < m * kn; i++) out[i] += x.addLogits[o + i];
        }
        if (x != null && x.logitsOut != null) {
            System.arraycopy(out, 0, x.logitsOut, firstOut * kn, m * kn);
            return 0;
        }

        double loss = 0;
        final Head head = batch.head();
        final boolean[] has = batch.hasTarget();
        final int[] cls = batch.targetClass();
        final double[] vals = batch.targetValues();
        if (x != null && x.deltaIn != null) {
            System.arraycopy(x.deltaIn, firstOut * kn, out, 0, m * kn);
        }
        for (int j = 0; j < m && (x == null || x.deltaIn == null); j++) {
            int tgt = firstOut + j;
            int o = j * kn;
            if (has[tgt]) {
                if (head.classTargets()) {
                    loss += HeadLoss.softmaxLossAndDelta(out, o, kn, cls[tgt]);
                    if (sink != null) out[o + cls[tgt]] += 1.0;              // y^ = delta + onehot(y)
                } else {
                    loss += HeadLoss.denseLossAndDelta(head, out, o, kn, vals, tgt * kn);
                    if (sink != null) {
                        for (int i = 0; i < kn; i++) out[o + i] += vals[tgt * kn + i];  // y^ = delta + y
                    }
                }
            } else if (sink != null) {
                HeadLoss.activate(head, out, o, kn);
            } else {
                Arrays.fill(out, o, o + kn, 0);    // no target: no gradient
            }
        }
        if (x != null && x.deltaOut != null) {
            System.arraycopy(out, 0, x.deltaOut, firstOut * kn, m * kn);
        }
        if (sink != null) {
            sink.accept(firstOut, m, out);
        }
        if (grad == null) {
            return loss;
        }

        // dW += dL/do h^T ; db_o += dL/do
        blas.gemm(false, true, kn, hn, m, 1.0, out, 0, kn, src, srcOff, hn, 1.0, grad, offW, kn);
        for (int j = 0; j < m; j++) {
            int o = j * kn;
            for (int i = 0; i < kn; i++) {
                grad[offBo + i] += out[o + i];
            }
        }
        // dL/dh_t from the outputs: W^T dL/do
        if (every) {
            blas.gemm(true, false, hn, n, kn, 1.0, theta, offW, kn, out, 0, kn, 0.0, dh, 0, hn);
        } else {
            Arrays.fill(dh, 0, n * hn, 0);
            blas.gemm(true, false, hn, m, kn, 1.0, theta, offW, kn, out, 0, kn, 0.0, ws.sel, 0, hn);
            for (int i = 0; i < m; i++) {
                int b = firstOut + i;
                int col = batch.stepStart(batch.length(b) - 1) - c0 + b;
                System.arraycopy(ws.sel, i * hn, dh, col * hn, hn);
            }
        }
        backward(theta, base, batch, grad, ws, x, s, e);
        return loss;
    }

    /** BPTT over steps [s, e) from dL/dh_t (from the outputs) in ws.dh; adds dV, dU, db_h. */
    private void backward(double[] theta, int base, SequenceBatch batch, double[] grad, Workspace ws, Exchange x,
                          int s, int e) {
        final int hn = layout.hiddenSize;
        final int dn = layout.inputSize;
        final int offU = base + layout.offU(), offV = base + layout.offV(), offBh = base + layout.offBh();
        final double[] hs = ws.hs, dh = ws.dh;
        final int c0 = batch.stepStart(s);
        final int n = batch.stepStart(e) - c0;
        final int bs = batch.stepCount(s);

        // BPTT, mirroring the forward loop:
        //   dL/da_t = (dL/dh_t from o_t + V^T dL/da_{t+1}) * (1 - h_t^2);  next = V^T dL/da_t
        // Gradient from beyond the window is truncated: next starts at zero.
        final double[] next = ws.next;
        Arrays.fill(next, 0, bs * hn, 0);
        for (int t = e - 1; t >= s; t--) {
            int bt = batch.stepCount(t);
            int col = batch.stepStart(t) - c0;
            int d0 = col * hn;
            int h0 = (bs + col) * hn;
            for (int i = 0, len = bt * hn; i < len; i++) {
                /*element*/ double ht = hs[h0 + i];
                /*element*/ double da = (dh[d0 + i] + next[i]) * (1 - ht * ht);
                // subnormals flushed to zero: a vanishing gradient does not slow the products (float32 reaches
                // them after a few saturated steps; each costs the BLAS a slow path)
                dh[d0 + i] = (double) (Math.abs(da) < Double.MIN_NORMAL ? 0 : da);
            }
            blas.gemm(true, false, hn, bt, hn, 1.0, theta, offV, hn, dh, d0, hn, 0.0, next, 0, hn);
        }

        // dV += sum_t dL/da_t h_{t-1}^T, one product per run of steps with the same number of sequences
        for (int t = s; t < e; ) {
            int bt = batch.stepCount(t);
            int t1 = t;
            while (t1 + 1 < e && batch.stepCount(t1 + 1) == bt) t1++;
            int daCol = batch.stepStart(t) - c0;
            int prevCol = t == s ? 0 : bs + batch.stepStart(t - 1) - c0;
            int prevWidth = t == s ? bs : batch.stepCount(t - 1);
            if (prevWidth == bt) {
                blas.gemm(false, true, hn, hn, (t1 - t + 1) * bt, 1.0, dh, daCol * hn, hn, hs, prevCol * hn, hn,
                        1.0, grad, offV, hn);
            } else {
                // the first step of the run reads only the first bt states of a wider block
                blas.gemm(false, true, hn, hn, bt, 1.0, dh, daCol * hn, hn, hs, prevCol * hn, hn, 1.0, grad, offV, hn);
                if (t1 > t) {
                    blas.gemm(false, true, hn, hn, (t1 - t) * bt, 1.0, dh, (daCol + bt) * hn, hn,
                            hs, (bs + daCol) * hn, hn, 1.0, grad, offV, hn);
                }
            }
            t = t1 + 1;
        }

        // dU += dL/da x^T (one-hot: add into the token's column) ; db_h += dL/da
        if (layout.oneHotInput) {
            int[] tokens = batch.tokens();
            for (int j = 0; j < n; j++) {
                int u = offU + tokens[c0 + j] * hn;
                int d = j * hn;
                for (int i = 0; i < hn; i++) {
                    grad[u + i] += dh[d + i];
                }
            }
        } else {
            blas.gemm(false, true, hn, dn, n, 1.0, dh, 0, hn, batch.features(), c0 * dn, dn, 1.0, grad, offU, hn);
        }
        for (int j = 0; j < n; j++) {
            int d = j * hn;
            for (int i = 0; i < hn; i++) {
                grad[offBh + i] += dh[d + i];
            }
        }
        // dL/dc_b = sum_t dL/da_t of sequence b (the gradient of the step input)
        if (x != null && x.stepInputGradOut != null) {
            for (int t = s; t < e; t++) {
                int col = batch.stepStart(t) - c0;
                for (int i = 0, len = batch.stepCount(t) * hn; i < len; i++) {
                    x.stepInputGradOut[i] += dh[col * hn + i];
                }
            }
        }
    }

    /** tanh(x) = sign(x) (1 - e^{-2|x|}) / (1 + e^{-2|x|}): one intrinsic exp, no overflow. */
    static void tanhInPlace(double[] a, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            double x = a[i];
            double e = Math.exp(-2.0 * Math.abs(x));
            double t = (1.0 - e) / (1.0 + e);
            a[i] = (double) (x < 0 ? -t : t);
        }
    }
}
