package dev.sparkrnn.train;

import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.Precision;
import java.io.Serializable;
import java.util.Iterator;

/**
 * The work of one task: the partition's selected sequences, in batches through the local kernel, into one
 * gradient buffer. Nothing here knows Spark: the trainer calls it from {@code mapPartitions}. One batch,
 * workspace and gradient buffer per task; records are only read.
 */
final class PartitionGradient implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Network network;
    private final int batchSize;
    private final int window;
    private final Selection selection;

    private final double wordDropout;
    private final Precision precision;

    PartitionGradient(Network network, int batchSize, int window, Selection selection) {
        this(network, batchSize, window, selection, 0, Precision.FLOAT64);
    }

    PartitionGradient(Network network, int batchSize, int window, Selection selection, double wordDropout,
                      Precision precision) {
        this.wordDropout = wordDropout;
        this.precision = precision;
        this.network = network;
        this.batchSize = batchSize;
        this.window = window;
        this.selection = selection;
    }

    /** What the kernel computes in. */
    Precision precision() {
        return precision;
    }

    /** Which sequences each update uses. */
    Selection selection() {
        return selection;
    }

    /**
     * @param theta     the parameters of this update
     * @param iteration the update number (selects the data); -1 means every sequence (evaluation)
     * @param gradient  false for a forward-only pass (validation loss)
     */
    GradientSum compute(Iterator<EncodedSequence> records, double[] theta, long iteration, boolean gradient) {
        long start = System.nanoTime();
        GradientSum sum = new GradientSum(gradient ? theta.length : 0);
        sum.sendAsFloat32 = precision == Precision.FLOAT32;
        Network.Scratch local = LocalKernel.of(network, batchSize, window, precision);
        while (records.hasNext()) {
            EncodedSequence r = records.next();
            if (iteration >= 0 && !selection.selected(iteration, r.id)) continue;
            if (gradient && wordDropout > 0) {
                r.addTo(local, wordDropout, selection.seed() * 31 + iteration);
            } else {
                r.addTo(local);
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
    private static void run(Network.Scratch local, double[] theta, GradientSum sum, boolean gradient) {
        sum.loss += gradient ? local.lossAndGradient(theta, sum.gradient) : local.forward(theta, null);
        sum.targets += local.batch().targetCount();
        sum.steps += local.steps();
        sum.sequences += local.size();
        local.clear();
    }
}
