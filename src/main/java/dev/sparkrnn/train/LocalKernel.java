package dev.sparkrnn.train;

import dev.sparkrnn.kernel.BiRnnKernel;
import dev.sparkrnn.kernel.Blas;
import dev.sparkrnn.kernel.RnnKernel;
import dev.sparkrnn.kernel.SequenceBatch;
import dev.sparkrnn.kernel.Workspace;

/**
 * The kernel of a model spec (plain or bidirectional) with its batch and workspace, one per executor thread,
 * kept across tasks and updates while the spec, batch size and window stay the same (a workspace is
 * batch x window x H: tens of MB). Every task-side computation (gradients, L-BFGS blocks, confusion counts)
 * goes through it.
 */
final class LocalKernel {
    private static final ThreadLocal<LocalKernel> CURRENT = new ThreadLocal<>();

    private final ModelSpec spec;
    private final int batchSize;
    private final int window;
    private final SequenceBatch batch;
    private final RnnKernel kernel;
    private final Workspace workspace;
    private final BiRnnKernel biKernel;
    private final BiRnnKernel.Scratch biScratch;

    private LocalKernel(ModelSpec spec, int batchSize, int window) {
        this.spec = spec;
        this.batchSize = batchSize;
        this.window = window;
        this.batch = new SequenceBatch(spec.layout(), spec.head(), spec.mode());
        if (spec.bidirectional()) {
            kernel = null;
            workspace = null;
            biKernel = new BiRnnKernel(spec.layout(), Blas.best());
            biScratch = new BiRnnKernel.Scratch(spec.layout(), spec.head(), spec.mode(), batchSize, window);
        } else {
            kernel = new RnnKernel(spec.layout(), Blas.best());
            workspace = new Workspace(spec.layout(), batchSize, window);
            biKernel = null;
            biScratch = null;
        }
    }

    /** This thread's kernel for the spec, batches of up to {@code batchSize}, window {@code window}; its batch is empty. */
    static LocalKernel of(ModelSpec spec, int batchSize, int window) {
        LocalKernel k = CURRENT.get();
        if (k == null || !k.spec.equals(spec) || k.batchSize != batchSize || k.window != window) {
            k = new LocalKernel(spec, batchSize, window);
            CURRENT.set(k);
        }
        k.batch.clear();
        return k;
    }

    /** The batch to fill; the methods below pack it (a bidirectional model reads whole sequences: window >= length). */
    SequenceBatch batch() {
        return batch;
    }

    /** Loss of the batch, dL/dtheta added into grad. */
    double lossAndGradient(double[] theta, double[] grad) {
        batch.pack();
        return biKernel != null ? biKernel.lossAndGradient(theta, batch, grad, biScratch)
                : kernel.lossAndGradient(theta, batch, null, grad, workspace);
    }

    /** Loss of the batch's targets, outputs to the sink (may be null). */
    double forward(double[] theta, RnnKernel.OutputSink sink) {
        batch.pack();
        return biKernel != null ? biKernel.forward(theta, batch, biScratch, sink)
                : kernel.forward(theta, batch, null, workspace, sink);
    }
}
