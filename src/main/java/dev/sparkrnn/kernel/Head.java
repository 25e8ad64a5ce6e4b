package dev.sparkrnn.kernel;

/**
 * The output function sigma and the per-step loss L(y^_t, y_t) of the RNN, applied to one output
 * column o_t = W h_t + b_o of K values. Each method turns the logits in place into dL/do_t, so the
 * kernel never allocates: for every head here that gradient is simply y^_t - y_t.
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

    /**
     * Softmax cross-entropy of the logits {@code o[off .. off+k)} against class {@code y}; replaces the
     * logits by dL/do = softmax(o) - onehot(y). Stable for logits of any magnitude: log-sum-exp after
     * subtracting the maximum.
     */
    static double softmaxLossAndDelta(double[] o, int off, int k, int y) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = off; i < off + k; i++) {
            if (o[i] > max) max = o[i];
        }
        double oy = o[off + y];
        double sum = 0;
        for (int i = off; i < off + k; i++) {
            double e = Math.exp(o[i] - max);
            o[i] = e;
            sum += e;
        }
        // L = log sum_j e^{o_j} - o_y = log(sum_j e^{o_j - max}) - (o_y - max), finite for any logits
        double loss = Math.log(sum) - (oy - max);
        double inv = 1.0 / sum;
        for (int i = off; i < off + k; i++) {
            o[i] *= inv;
        }
        o[off + y] -= 1.0;
        return loss;
    }

    /** Softmax in place (inference). */
    static void softmax(double[] o, int off, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = off; i < off + k; i++) {
            if (o[i] > max) max = o[i];
        }
        double sum = 0;
        for (int i = off; i < off + k; i++) {
            double e = Math.exp(o[i] - max);
            o[i] = e;
            sum += e;
        }
        double inv = 1.0 / sum;
        for (int i = off; i < off + k; i++) {
            o[i] *= inv;
        }
    }

    /** Loss of a dense-target head; replaces {@code o[off .. off+k)} by dL/do. */
    double denseLossAndDelta(double[] o, int off, int k, double[] y, int yOff) {
        double loss = 0;
        if (this == SIGMOID_BINARY_CROSS_ENTROPY) {
            for (int i = 0; i < k; i++) {
                double z = o[off + i];
                double t = y[yOff + i];
                // -[t log s(z) + (1-t) log(1-s(z))] = max(z,0) - z t + log(1 + e^{-|z|}), stable for any z
                loss += Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
                o[off + i] = sigmoid(z) - t;
            }
        } else if (this == IDENTITY_SQUARED_ERROR) {
            for (int i = 0; i < k; i++) {
                double d = o[off + i] - y[yOff + i];
                loss += 0.5 * d * d;
                o[off + i] = d;
            }
        } else {
            throw new IllegalStateException(this + " takes class targets");
        }
        return loss;
    }

    /** Applies sigma in place: softmax, sigmoid, or identity (inference). */
    public void activate(double[] o, int off, int k) {
        switch (this) {
            case SOFTMAX_CROSS_ENTROPY -> softmax(o, off, k);
            case SIGMOID_BINARY_CROSS_ENTROPY -> {
                for (int i = off; i < off + k; i++) o[i] = sigmoid(o[i]);
            }
            case IDENTITY_SQUARED_ERROR -> { }
        }
    }

    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }
}
