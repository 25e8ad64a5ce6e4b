package dev.sparkrnn.train;

/** The L2 penalty (l2 / 2) ||theta_w||^2 on a network's weight matrices (not its biases). */
final class L2 {
    private L2() {
    }

    /**
     * Adds d/dtheta = l2 theta_w into {@code g} over the weight ranges ([from, to) offset pairs) and returns the
     * penalty (l2 / 2) sum theta_w^2.
     */
    static double addGradient(double l2, int[] weightRanges, double[] theta, double[] g) {
        double squares = 0;
        for (int r = 0; r < weightRanges.length; r += 2) {
            for (int i = weightRanges[r]; i < weightRanges[r + 1]; i++) {
                g[i] += l2 * theta[i];
                squares += theta[i] * theta[i];
            }
        }
        return 0.5 * l2 * squares;
    }
}
