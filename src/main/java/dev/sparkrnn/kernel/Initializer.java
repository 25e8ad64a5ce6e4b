package dev.sparkrnn.kernel;

import java.util.SplittableRandom;

/**
 * Seeded initial parameters: U and W Glorot/Xavier uniform, V a random orthogonal matrix times a gain
 * (it neither grows nor shrinks h through time at the start), biases zero.
 */
public final class Initializer {
    private Initializer() {
    }

    /** Glorot U and W, orthogonal V scaled by {@code recurrentGain}, zero biases. */
    public static double[] initialize(RnnLayout layout, long seed, double recurrentGain) {
        double[] theta = new double[layout.size()];
        SplittableRandom rng = new SplittableRandom(seed);
        int h = layout.hiddenSize, d = layout.inputSize, k = layout.outputSize;
        glorot(theta, layout.offU(), h, d, rng);
        orthogonal(theta, layout.offV(), h, recurrentGain, rng);
        glorot(theta, layout.offW(), k, h, rng);
        return theta;
    }

    /** Uniform in +-sqrt(6 / (fanIn + fanOut)) for a rows x cols matrix. */
    static void glorot(double[] theta, int off, int rows, int cols, SplittableRandom rng) {
        double limit = Math.sqrt(6.0 / (rows + cols));
        for (int i = 0; i < rows * cols; i++) {
            theta[off + i] = (2 * rng.nextDouble() - 1) * limit;
        }
    }

    /** gain x Q, Q orthogonal: modified Gram-Schmidt on the columns of a Gaussian matrix. */
    static void orthogonal(double[] theta, int off, int n, double gain, SplittableRandom rng) {
        double[] q = new double[n * n];
        for (int i = 0; i < q.length; i++) {
            q[i] = gaussian(rng);
        }
        for (int j = 0; j < n; j++) {
            int cj = j * n;
            for (int p = 0; p < j; p++) {
                int cp = p * n;
                double dot = 0;
                for (int i = 0; i < n; i++) dot += q[cp + i] * q[cj + i];
                for (int i = 0; i < n; i++) q[cj + i] -= dot * q[cp + i];
            }
            double norm = 0;
            for (int i = 0; i < n; i++) norm += q[cj + i] * q[cj + i];
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) q[cj + i] /= norm;
        }
        for (int i = 0; i < q.length; i++) {
            theta[off + i] = gain * q[i];
        }
    }

    static double gaussian(SplittableRandom rng) {
        // Box-Muller; u1 in (0, 1]
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
