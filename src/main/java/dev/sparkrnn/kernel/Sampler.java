package dev.sparkrnn.kernel;

import java.util.SplittableRandom;

/**
 * Generation (one-to-many): feeds a prime sequence, then samples each next token from
 * y^_t = softmax(o_t / temperature), restricted to the top k tokens when k > 0, and feeds it back.
 * A seed makes the output reproducible. Runs the kernel's forward pass one step at a time, carrying
 * h_t; allocates only at construction.
 */
public final class Sampler {
    private final RnnKernel kernel;
    private final double[] theta;
    private final SequenceBatch step;
    private final Workspace ws;
    private final double[] h;
    private final double[] probs;
    private final int[] order;

    public Sampler(RnnKernel kernel, double[] theta) {
        RnnLayout layout = kernel.layout();
        if (!layout.oneHotInput || layout.inputSize != layout.outputSize) {
            throw new IllegalArgumentException("sampling feeds outputs back as inputs: needs one-hot D == K, got " + layout);
        }
        this.kernel = kernel;
        this.theta = theta;
        this.step = new SequenceBatch(layout, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP);
        this.ws = new Workspace(layout, 1, 1);
        this.h = new double[layout.hiddenSize];
        this.probs = new double[layout.outputSize];
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
        if (prime.length == 0) throw new IllegalArgumentException("the prime needs at least one token");
        if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be positive: " + temperature);
        SplittableRandom rng = new SplittableRandom(seed);
        java.util.Arrays.fill(h, 0.0);
        for (int i = 0; i < prime.length - 1; i++) {
            forward(prime[i]);
        }
        int[] out = new int[length];
        int x = prime[prime.length - 1];
        for (int i = 0; i < length; i++) {
            forward(x);
            x = draw(probs, order, temperature, topK, rng);
            out[i] = x;
        }
        return out;
    }

    /** One step: h_t = tanh(U x_t + V h_{t-1} + b_h); probs = softmax(W h_t + b_o). */
    private void forward(int token) {
        step.clear();
        int s = step.addSequence(1);
        step.setToken(s, 0, token);
        step.pack();
        kernel.forward(theta, step, h, ws, (first, count, outputs) -> System.arraycopy(outputs, 0, probs, 0, probs.length));
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
