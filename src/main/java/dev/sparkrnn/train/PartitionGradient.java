package dev.sparkrnn.train;

import dev.sparkrnn.data.EncodedSequence;
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

    PartitionGradient(ModelSpec spec, int batchSize, int window, Selection selection) {
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
        RnnKernel kernel = new RnnKernel(spec.layout(), Blas.best());
        SequenceBatch batch = new SequenceBatch(spec.layout(), spec.head(), spec.mode());
        Workspace ws = null;
        while (records.hasNext()) {
            EncodedSequence r = records.next();
            if (iteration >= 0 && !selection.selected(iteration, r.id)) continue;
            r.addTo(batch);
            if (batch.size() == batchSize) {
                ws = run(kernel, batch, theta, sum, ws, gradient);
            }
        }
        if (batch.size() > 0) {
            run(kernel, batch, theta, sum, ws, gradient);
        }
        sum.kernelSeconds = (System.nanoTime() - start) / 1e9;
        return sum;
    }

    private Workspace run(RnnKernel kernel, SequenceBatch batch, double[] theta, GradientSum sum, Workspace ws,
                          boolean gradient) {
        batch.pack();
        if (ws == null) {
            ws = new Workspace(spec.layout(), batchSize, window);
        }
        double loss = gradient
                ? kernel.lossAndGradient(theta, batch, null, sum.gradient, ws)
                : kernel.forward(theta, batch, null, ws, null);
        sum.loss += loss;
        sum.targets += batch.targetCount();
        sum.steps += batch.columns();
        sum.sequences += batch.size();
        batch.clear();
        return ws;
    }
}
