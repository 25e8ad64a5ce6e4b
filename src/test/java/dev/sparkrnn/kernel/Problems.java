package dev.sparkrnn.kernel;

import java.util.SplittableRandom;

/** Small random problems for the kernel tests: every head, one-hot and dense input, mixed lengths. */
final class Problems {
    private Problems() {
    }

    /** A random batch; class targets include some -1 (no target) when EVERY_STEP. */
    static SequenceBatch batch(RnnLayout layout, Head head, TargetMode mode, int[] lengths, long seed) {
        SequenceBatch batch = new SequenceBatch(layout, head, mode);
        fill(batch, lengths, seed);
        batch.pack();
        return batch;
    }

    /** Adds the random sequences of {@link #batch} to {@code batch} (not packed). */
    static void fill(SequenceBatch batch, int[] lengths, long seed) {
        RnnLayout layout = batch.layout();
        Head head = batch.head();
        TargetMode mode = batch.mode();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[Math.max(layout.inputSize, layout.outputSize)];
        for (int len : lengths) {
            int s = batch.addSequence(len);
            for (int t = 0; t < len; t++) {
                if (layout.oneHotInput) {
                    batch.setToken(s, t, rng.nextInt(layout.inputSize));
                } else {
                    for (int i = 0; i < layout.inputSize; i++) v[i] = rng.nextDouble() * 2 - 1;
                    batch.setFeatures(s, t, v, 0);
                }
            }
            int targets = mode == TargetMode.EVERY_STEP ? len : 1;
            for (int t = 0; t < targets; t++) {
                boolean skip = mode == TargetMode.EVERY_STEP && len > 1 && rng.nextInt(5) == 0;
                if (skip) continue;
                if (head.classTargets()) {
                    batch.setClassTarget(s, t, rng.nextInt(layout.outputSize));
                } else {
                    for (int i = 0; i < layout.outputSize; i++) {
                        v[i] = head == Head.SIGMOID_BINARY_CROSS_ENTROPY ? rng.nextDouble() : rng.nextDouble() * 4 - 2;
                    }
                    batch.setValueTarget(s, t, v, 0);
                }
            }
        }
    }

    /** Parameters of moderate size (so tanh is neither linear nor saturated), biases non-zero. */
    static double[] theta(RnnLayout layout, long seed) {
        double[] theta = Initializer.initialize(layout, seed, 1.0);
        SplittableRandom rng = new SplittableRandom(seed + 1);
        for (int i = layout.offBh(); i < layout.size(); i++) theta[i] = rng.nextDouble() - 0.5;
        return theta;
    }

    static double[] randomState(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] h = new double[n];
        for (int i = 0; i < n; i++) h[i] = rng.nextDouble() * 1.6 - 0.8;
        return h;
    }
}
