package dev.sparkrnn.kernel;

/**
 * The output function sigma and the per-step loss L(y^_t, y_t) of the RNN, applied to one output
 * column o_t = W h_t + b_o of K values ({@link HeadLoss} does the arithmetic, in place, so the kernel never
 * allocates: for every head here dL/do_t is simply y^_t - y_t).
 */
public enum Head {
    /** y^ = softmax(o), L = -log y^_y for a class index y (language models, tagging, classification). */
    SOFTMAX_CROSS_ENTROPY(true),
    /** y^ = 1 / (1 + e^-o) per output, L = -sum_k [y_k log y^_k + (1 - y_k) log(1 - y^_k)] for y_k in [0, 1]. */
    SIGMOID_BINARY_CROSS_ENTROPY(false),
    /** y^ = o, L = 1/2 sum_k (o_k - y_k)^2 (regression, e.g. numeric series). */
    IDENTITY_SQUARED_ERROR(false);

    private final boolean classTargets;

    Head(boolean classTargets) {
        this.classTargets = classTargets;
    }

    /** True when targets are class indices, false when they are K real values. */
    public boolean classTargets() {
        return classTargets;
    }

    /** Applies sigma in place: softmax, sigmoid, or identity (inference). */
    public void activate(double[] o, int off, int k) {
        HeadLoss.activate(this, o, off, k);
    }

    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }
}
