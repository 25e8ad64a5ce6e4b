package dev.sparkrnn.train;

import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.kernel.BiRnnKernel;
import dev.sparkrnn.kernel.Blas;
import dev.sparkrnn.kernel.EncoderDecoderKernel;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.RnnKernel;
import dev.sparkrnn.kernel.SequenceBatch;
import dev.sparkrnn.kernel.TargetMode;
import dev.sparkrnn.kernel.Workspace;

/**
 * The kernel of a model spec (plain, bidirectional or encoder–decoder) with its batches and workspace, one per
 * executor thread, kept across tasks and updates while the spec, batch size and window stay the same (a
 * workspace is batch x window x H: tens of MB). Every task-side computation (gradients, L-BFGS blocks,
 * confusion counts) goes through it. A plain RNN truncates BPTT at the window; the bidirectional RNN and the
 * encoder–decoder read whole sequences, so their scratch starts at the window's length and grows (once) when a
 * batch holds a longer sequence.
 */
final class LocalKernel {
    private static final ThreadLocal<LocalKernel> CURRENT = new ThreadLocal<>();

    private final ModelSpec spec;
    private final int batchSize;
    private final int window;
    private final SequenceBatch batch;
    private final SequenceBatch source;   // encoder–decoder: the encoder's batch
    private RnnKernel kernel;
    private Workspace workspace;
    private BiRnnKernel biKernel;
    private BiRnnKernel.Scratch biScratch;
    private EncoderDecoderKernel edKernel;
    private EncoderDecoderKernel.Scratch edScratch;

    private LocalKernel(ModelSpec spec, int batchSize, int window) {
        this.spec = spec;
        this.batchSize = batchSize;
        this.window = window;
        this.batch = new SequenceBatch(spec.layout(), spec.head(), spec.mode());
        if (spec.encoderDecoder() != null) {
            source = new SequenceBatch(spec.encoderDecoder().encoder, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.LAST_STEP);
            edKernel = new EncoderDecoderKernel(spec.encoderDecoder(), Blas.best());
            edScratch = new EncoderDecoderKernel.Scratch(spec.encoderDecoder(), batchSize, window, window);
        } else if (spec.bidirectional()) {
            source = null;
            biKernel = new BiRnnKernel(spec.layout(), Blas.best());
            biScratch = new BiRnnKernel.Scratch(spec.layout(), spec.head(), spec.mode(), batchSize, window);
        } else {
            source = null;
            kernel = new RnnKernel(spec.layout(), Blas.best());
            workspace = new Workspace(spec.layout(), batchSize, window);
        }
    }

    /** This thread's kernel for the spec, batches of up to {@code batchSize}, window {@code window}; its batch is empty. */
    static LocalKernel of(ModelSpec spec, int batchSize, int window) {
        LocalKernel k = CURRENT.get();
        if (k == null || !k.spec.equals(spec) || k.batchSize != batchSize || k.window != window) {
            k = new LocalKernel(spec, batchSize, window);
            CURRENT.set(k);
        }
        k.clear();
        return k;
    }

    /** Adds a record to the batch (and its source to the encoder's batch), with word dropout on its input tokens. */
    void add(EncodedSequence r, double dropout, long salt) {
        r.addTo(batch, dropout, 0, salt);
        if (source != null) r.addSourceTo(source);
    }

    /** Adds a record as it is. */
    void add(EncodedSequence r) {
        add(r, 0, 0);
    }

    /** The (decoder's) batch: the methods below pack it; the OutputSink's slots refer to it. */
    SequenceBatch batch() {
        return batch;
    }

    int size() {
        return batch.size();
    }

    /** Time steps of the packed batch (the encoder's too). */
    long steps() {
        return batch.columns() + (source == null ? 0 : source.columns());
    }

    void clear() {
        batch.clear();
        if (source != null) source.clear();
    }

    /** Loss of the batch, dL/dtheta added into grad. */
    double lossAndGradient(double[] theta, double[] grad) {
        pack();
        if (edKernel != null) return edKernel.lossAndGradient(theta, source, batch, grad, edScratch);
        return biKernel != null ? biKernel.lossAndGradient(theta, batch, grad, biScratch)
                : kernel.lossAndGradient(theta, batch, null, grad, workspace);
    }

    /** Loss of the batch's targets, outputs to the sink (may be null). */
    double forward(double[] theta, RnnKernel.OutputSink sink) {
        pack();
        if (edKernel != null) return edKernel.forward(theta, source, batch, edScratch, sink);
        return biKernel != null ? biKernel.forward(theta, batch, biScratch, sink)
                : kernel.forward(theta, batch, null, workspace, sink);
    }

    private void pack() {
        batch.pack();
        if (source != null) {
            source.pack();
            if (source.maxLength() > edScratch.maxSourceLength() || batch.maxLength() > edScratch.maxTargetLength()) {
                int n = Math.max(source.maxLength(), batch.maxLength());
                edScratch = new EncoderDecoderKernel.Scratch(spec.encoderDecoder(), batchSize, n, n);
            }
        } else if (biKernel != null && batch.maxLength() > biScratch.maxLength()) {
            biScratch = new BiRnnKernel.Scratch(spec.layout(), spec.head(), spec.mode(), batchSize, batch.maxLength());
        }
    }
}
