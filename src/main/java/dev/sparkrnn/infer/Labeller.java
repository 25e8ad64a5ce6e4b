package dev.sparkrnn.infer;

import dev.sparkrnn.kernel.Argmax;
import dev.sparkrnn.kernel.Blas;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.kernel.RnnKernel;
import dev.sparkrnn.kernel.SequenceBatch;
import dev.sparkrnn.kernel.TargetMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Labels token sequences with a classifier or a tagger (any {@link Network} over one-hot input): sequences
 * go through the network's forward pass in batches of up to {@code maxBatch}, and each gets argmax y^ at its
 * last step (a network with LAST_STEP targets: one label) or at every step (EVERY_STEP: a tag per token),
 * with that class's probability. One scratch serves every batch.
 */
public final class Labeller {
    /**
     * The classes of one sequence (one, or one per step) and their probabilities y^[class]; with
     * {@code distributions} asked for, y^ itself: K values per class chosen, step after step (else null).
     */
    public record Labels(int[] classes, double[] probabilities, double[] distributions) {
        /** y^ of the i-th class chosen (its step), a copy. */
        public double[] distribution(int i, int k) {
            return java.util.Arrays.copyOfRange(distributions, i * k, (i + 1) * k);
        }
    }

    private final Network network;
    private final double[] theta;
    private final int maxBatch;
    private final boolean every;
    private final boolean distributions;
    private final Network.Scratch scratch;

    public Labeller(Network network, double[] theta, int maxBatch, int window) {
        this(network, theta, maxBatch, window, Precision.FLOAT64);
    }

    /** The same computing in {@code precision} (float32: the generated kernels, as training does). */
    public Labeller(Network network, double[] theta, int maxBatch, int window, Precision precision) {
        this(network, theta, maxBatch, window, precision, false);
    }

    /** The same keeping y^ of every label ({@link Labels#distributions}) when {@code distributions}. */
    public Labeller(Network network, double[] theta, int maxBatch, int window, Precision precision, boolean distributions) {
        if (network.readsSource()) throw new IllegalArgumentException("a labeller runs a classifier or tagger, not " + network.describe());
        this.network = network;
        this.theta = theta;
        this.maxBatch = maxBatch;
        this.every = network.mode() == TargetMode.EVERY_STEP;
        this.distributions = distributions;
        this.scratch = network.scratch(Blas.best(), maxBatch, window, precision);
    }

    /**
     * The labels of each sequence, in order: an {@code int[]} of token indices (one-hot input) or a
     * {@code double[]} of standardized values, step after step, the network's input size per step (dense input);
     * each non-empty.
     */
    public List<Labels> label(List<?> sequences) {
        List<Labels> out = new ArrayList<>(sequences.size());
        for (int from = 0; from < sequences.size(); from += maxBatch) {
            batch(sequences.subList(from, Math.min(sequences.size(), from + maxBatch)), out);
        }
        return out;
    }

    private void batch(List<?> sequences, List<Labels> out) {
        int k = network.layout().outputSize, d = network.layout().inputSize;
        scratch.clear();
        SequenceBatch batch = scratch.batch();
        Labels[] labels = new Labels[sequences.size()];
        for (int i = 0; i < sequences.size(); i++) {
            Object seq = sequences.get(i);
            int length = seq instanceof int[] tokens ? tokens.length : ((double[]) seq).length / d;
            if (length == 0) throw new IllegalArgumentException("sequence " + i + " is empty");
            int s = batch.addSequence(length);
            if (seq instanceof int[] tokens) {
                for (int t = 0; t < length; t++) batch.setToken(s, t, tokens[t]);
            } else {
                for (int t = 0; t < length; t++) batch.setFeatures(s, t, (double[]) seq, t * d);
            }
            int n = every ? length : 1;
            labels[i] = new Labels(new int[n], new double[n], distributions ? new double[n * k] : null);
        }
        RnnKernel.OutputSink sink = (first, count, o) -> {
            for (int j = 0; j < count; j++) {
                int slot = first + j;
                int b = slot, t = 0;
                if (every) {   // slot is a packed column: find its step
                    while (batch.stepStart(t + 1) <= slot) t++;
                    b = slot - batch.stepStart(t);
                }
                int a = Argmax.of(o, j * k, k);
                Labels l = labels[batch.addedIndex(b)];
                l.classes()[t] = a;
                l.probabilities()[t] = o[j * k + a];
                if (distributions) System.arraycopy(o, j * k, l.distributions(), t * k, k);
            }
        };
        scratch.forward(theta, sink);
        for (Labels l : labels) out.add(l);
    }
}
