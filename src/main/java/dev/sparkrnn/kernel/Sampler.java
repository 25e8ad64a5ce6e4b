package dev.sparkrnn.kernel;

import java.util.SplittableRandom;

/**
 * Generation (one-to-many): feeds a prime sequence, then samples each next token from
 * y^_t = softmax(o_t / temperature), restricted to the top k tokens when k > 0, and feeds it back.
 * A seed makes the output reproducible. Runs the kernel's forward pass one step at a time, carrying
 * h_t, for one sequence or a batch of them; allocates only at construction and per call.
 */
public final class Sampler {
    private final RnnKernel kernel;
    private final double[] theta;
    private final SequenceBatch step;
    private final Workspace ws;
    private final int maxBatch;
    private final double[] h;
    private final double[] probs;
    private final double[] draw;
    private final int[] order;

    public Sampler(RnnKernel kernel, double[] theta) {
        this(kernel, theta, 1);
    }

    /** A sampler of up to {@code maxBatch} sequences at once ({@link #sampleAll}). */
    public Sampler(RnnKernel kernel, double[] theta, int maxBatch) {
        RnnLayout layout = kernel.layout();
        if (!layout.oneHotInput || layout.inputSize != layout.outputSize) {
            throw new IllegalArgumentException("sampling feeds outputs back as inputs: needs one-hot D == K, got " + layout);
        }
        this.kernel = kernel;
        this.theta = theta;
        if (maxBatch < 1) throw new IllegalArgumentException("a batch of at least one sequence: " + maxBatch);
        this.step = new SequenceBatch(layout, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP);
        this.maxBatch = maxBatch;
        this.ws = new Workspace(layout, maxBatch, 1);
        this.h = new double[layout.hiddenSize * maxBatch];
        this.probs = new double[layout.outputSize * maxBatch];
        this.draw = new double[layout.outputSize];
        this.order = new int[layout.outputSize];
    }

    /**
     * @param prime       tokens fed first (at least one)
     * @param length      tokens to generate after the prime
     * @param temperature > 0; below 1 sharpens, above 1 flattens the distribution
     * @param topK        sample among the k most likely tokens only (0 = all)
     * @param seed        the random seed
     */
    public int[] sample(int[] prime, int length, double temperature, int topK, long seed) {
        return sampleAll(java.util.List.of(prime), length, temperature, topK, new long[] {seed})[0];
    }

    /**
     * {@link #sample} of each prime with its seed, all sequences advancing together: each step feeds every
     * sequence still sampling its next token (of its prime, then the one it drew) as one batch, so one product
     * serves them all; for each, in order, what sampling it alone gives.
     */
    public int[][] sampleAll(java.util.List<int[]> primes, int length, double temperature, int topK, long[] seeds) {
        int n = primes.size(), hn = kernel.layout().hiddenSize, k = kernel.layout().outputSize;
        if (n < 1 || n > maxBatch) throw new IllegalArgumentException("1 to " + maxBatch + " primes, got " + n);
        if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be positive: " + temperature);
        int[][] out = new int[n][length];
        SplittableRandom[] rng = new SplittableRandom[n];
        int[] item = new int[n], fed = new int[n], drawn = new int[n];
        for (int i = 0; i < n; i++) {
            if (primes.get(i).length == 0) throw new IllegalArgumentException("prime " + i + " has no token");
            rng[i] = new SplittableRandom(seeds[i]);
            item[i] = i;
        }
        java.util.Arrays.fill(h, 0, hn * n, 0.0);
        // a sequence feeds its prime, then each token it drew; it draws after feeding the prime's last token
        int alive = length == 0 ? 0 : n;
        while (alive > 0) {
            step.clear();
            for (int r = 0; r < alive; r++) {
                int i = item[r];
                int[] prime = primes.get(i);
                step.setToken(step.addSequence(1), 0, fed[i] < prime.length ? prime[fed[i]] : out[i][drawn[i] - 1]);
            }
            step.pack();   // all of length 1: packed order is the order of addition
            kernel.forward(theta, step, h, ws, (first, count, outputs) -> System.arraycopy(outputs, 0, probs, first * k, count * k));
            int kept = 0;
            for (int r = 0; r < alive; r++) {
                int i = item[r];
                if (++fed[i] >= primes.get(i).length) {
                    System.arraycopy(probs, r * k, draw, 0, k);
                    out[i][drawn[i]++] = draw(draw, order, temperature, topK, rng[i]);
                }
                if (drawn[i] == length) continue;
                // the sequence goes on: to row kept (<= r), with its state
                if (kept != r) System.arraycopy(h, r * hn, h, kept * hn, hn);
                item[kept++] = i;
            }
            alive = kept;
        }
        return out;
    }

    /**
     * Draws a token from probabilities {@code probs} (overwritten) sharpened or flattened by the temperature,
     * among the top k only when k > 0; {@code order} is scratch of the same length.
     */
    static int draw(double[] probs, int[] order, double temperature, int topK, SplittableRandom rng) {
        int k = probs.length;
        // p_i^(1/T), renormalised: the same as softmax(o / T)
        double max = 0;
        for (double p : probs) max = Math.max(max, p);
        double sum = 0;
        for (int i = 0; i < k; i++) {
            probs[i] = Math.pow(probs[i] / max, 1.0 / temperature);
            order[i] = i;
        }
        int n = k;
        if (topK > 0 && topK < k) {
            // partial selection sort of the k largest (vocabularies are small)
            for (int a = 0; a < topK; a++) {
                int best = a;
                for (int b = a + 1; b < k; b++) if (probs[order[b]] > probs[order[best]]) best = b;
                int tmp = order[a]; order[a] = order[best]; order[best] = tmp;
            }
            n = topK;
        }
        for (int i = 0; i < n; i++) sum += probs[order[i]];
        double u = rng.nextDouble() * sum;
        for (int i = 0; i < n; i++) {
            u -= probs[order[i]];
            if (u <= 0) return order[i];
        }
        return order[n - 1];
    }
}
