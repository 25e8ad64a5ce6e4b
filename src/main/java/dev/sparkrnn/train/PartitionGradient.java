package dev.sparkrnn.train;

import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.kernel.BiRnnKernel;
import dev.sparkrnn.kernel.Blas;
import dev.sparkrnn.kernel.RnnKernel;
import dev.sparkrnn.kernel.SequenceBatch;
import dev.sparkrnn.kernel.Workspace;
import java.io.Serializable;
import java.util.Iterator;

/**
 * The work of one task: the partition's selected sequences, in batches through the local kernel, into one
 * gradient buffer. Nothing here knows Spark: the trainer calls it from {@code mapPartitions}. One batch,
 * workspace and gradient buffer per task; records are only read.
 */
final class PartitionGradient implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ModelSpec spec;
    private final int batchSize;
    private final int window;
    private final Selection selection;

    private final double wordDropout;

    PartitionGradient(ModelSpec spec, int batchSize, int window, Selection selection) {
        this(spec, batchSize, window, selection, 0);
    }

    PartitionGradient(ModelSpec spec, int batchSize, int window, Selection selection, double wordDropout) {
        this.wordDropout = wordDropout;
        this.spec = spec;
        this.batchSize = batchSize;
        this.window = window;
        this.selection = selection;
    }

    /**
     * @param theta     the parameters of this update
     * @param iteration the update number (selects the data); -1 means every sequence (evaluation)
     * @param gradient  false for a forward-only pass (validation loss)
     */
    GradientSum compute(Iterator<EncodedSequence> records, double[] theta, long iteration, boolean gradient) {
        long start = System.nanoTime();
        GradientSum sum = new GradientSum(gradient ? theta.length : 0);
        Scratch scratch = Scratch.of(spec, batchSize, window);
        SequenceBatch batch = scratch.batch;
        batch.clear();
        while (records.hasNext()) {
            EncodedSequence r = records.next();
            if (iteration >= 0 && !selection.selected(iteration, r.id)) continue;
            if (gradient && wordDropout > 0) {
                r.addTo(batch, wordDropout, 0, selection.seed() * 31 + iteration);
            } else {
                r.addTo(batch);
            }
            if (batch.size() == batchSize) {
                scratch.run(batch, theta, sum, gradient);
            }
        }
        if (batch.size() > 0) {
            scratch.run(batch, theta, sum, gradient);
        }
        sum.kernelSeconds = (System.nanoTime() - start) / 1e9;
        return sum;
    }

    /**
     * The kernel, batch and workspace of one executor thread, kept across tasks and updates while the model
     * shape, batch size and window stay the same (the workspace is batch x window x H: tens of MB).
     */
    private static final class Scratch {
        private static final ThreadLocal<Scratch> CURRENT = new ThreadLocal<>();
        final ModelSpec spec;
        final int batchSize;
        final int window;
        final SequenceBatch batch;
        final RnnKernel kernel;
        final Workspace workspace;
        final BiRnnKernel biKernel;
        final BiRnnKernel.Scratch biScratch;

        private Scratch(ModelSpec spec, int batchSize, int window) {
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

        /** One batch through the kernel (a bidirectional model reads whole sequences: window >= length). */
        void run(SequenceBatch batch, double[] theta, GradientSum sum, boolean gradient) {
            batch.pack();
            double loss;
            if (biKernel != null) {
                loss = gradient ? biKernel.lossAndGradient(theta, batch, sum.gradient, biScratch)
                        : biKernel.forward(theta, batch, biScratch, null);
            } else {
                loss = gradient ? kernel.lossAndGradient(theta, batch, null, sum.gradient, workspace)
                        : kernel.forward(theta, batch, null, workspace, null);
            }
            sum.loss += loss;
            sum.targets += batch.targetCount();
            sum.steps += batch.columns();
            sum.sequences += batch.size();
            batch.clear();
        }

        static Scratch of(ModelSpec spec, int batchSize, int window) {
            Scratch s = CURRENT.get();
            if (s == null || !s.spec.equals(spec) || s.batchSize != batchSize || s.window != window) {
                s = new Scratch(spec, batchSize, window);
                CURRENT.set(s);
            }
            return s;
        }
    }

}
