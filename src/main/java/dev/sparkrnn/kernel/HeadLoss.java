package dev.sparkrnn.kernel;

/**
 * The arithmetic of each {@link Head} on one output column o_t of K values, in place: the loss L(y^_t, y_t)
 * with o_t replaced by dL/do_t (for every head here simply y^_t - y_t), or y^_t = sigma(o_t) for inference.
 * A kernel template (see {@link RnnKernel}): the float32 twin {@code HeadLoss32} is generated from this file.
 */
final class HeadLoss {
    private HeadLoss() {
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
            o[i] = (double) e;
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
            o[i] = (double) e;
            sum += e;
        }
        double inv = 1.0 / sum;
        for (int i = off; i < off + k; i++) {
            o[i] *= inv;
        }
    }

    /** Loss of a dense-target head; replaces {@code o[off .. off+k)} by dL/do. */
    static double denseLossAndDelta(Head head, double[] o, int off, int k, double[] y, int yOff) {
        double loss = 0;
        if (head == Head.SIGMOID_BINARY_CROSS_ENTROPY) {
            for (int i = 0; i < k; i++) {
                double z = o[off + i];
                double t = y[yOff + i];
                // -[t log s(z) + (1-t) log(1-s(z))] = max(z,0) - z t + log(1 + e^{-|z|}), stable for any z
                loss += Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
                o[off + i] = (double) (Head.sigmoid(z) - t);
            }
        } else if (head == Head.IDENTITY_SQUARED_ERROR) {
            for (int i = 0; i < k; i++) {
                double d = o[off + i] - y[yOff + i];
                loss += 0.5 * d * d;
                o[off + i] = (double) d;
            }
        } else {
            throw new IllegalStateException(head + " takes class targets");
        }
        return loss;
    }

    /** Applies sigma in place: softmax, sigmoid, or identity (inference). */
    static void activate(Head head, double[] o, int off, int k) {
        switch (head) {
            case SOFTMAX_CROSS_ENTROPY -> softmax(o, off, k);
            case SIGMOID_BINARY_CROSS_ENTROPY -> {
                for (int i = off; i < off + k; i++) o[i] = (double) Head.sigmoid(o[i]);
            }
            case IDENTITY_SQUARED_ERROR -> { }
        }
    }
}
