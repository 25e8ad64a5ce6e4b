package dev.sparkrnn.train;

import dev.sparkrnn.data.EncodedSequence;
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
        LocalKernel local = LocalKernel.of(spec, batchSize, window);
        while (records.hasNext()) {
            EncodedSequence r = records.next();
            if (iteration >= 0 && !selection.selected(iteration, r.id)) continue;
            if (gradient && wordDropout > 0) {
                local.add(r, wordDropout, selection.seed() * 31 + iteration);
            } else {
                local.add(r);
            }
            if (local.size() == batchSize) {
                run(local, theta, sum, gradient);
            }
        }
        if (local.size() > 0) {
            run(local, theta, sum, gradient);
        }
        sum.kernelSeconds = (System.nanoTime() - start) / 1e9;
        return sum;
    }

    /** One batch through the kernel, counted into sum; the batch is emptied. */
    private static void run(LocalKernel local, double[] theta, GradientSum sum, boolean gradient) {
        sum.loss += gradient ? local.lossAndGradient(theta, sum.gradient) : local.forward(theta, null);
        sum.targets += local.batch().targetCount();
        sum.steps += local.steps();
        sum.sequences += local.size();
        local.clear();
    }
}
