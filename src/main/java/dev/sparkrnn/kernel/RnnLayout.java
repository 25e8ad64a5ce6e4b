package dev.sparkrnn.kernel;

import java.io.Serializable;

/**
 * The shape of a vanilla RNN and where each parameter lives in the one flat {@code double[]}.
 *
 * <pre>
 *   h_t = tanh(U x_t + V h_{t-1} + b_h)      U: H x D (input to hidden), V: H x H (hidden to hidden)
 *   o_t = W h_t + b_o                        W: K x H (hidden to output)
 *   y^_t = sigma(o_t)                        sigma: the {@link Head}'s output function
 * </pre>
 *
 * Every matrix is stored column-major (the BLAS convention) at its offset: element (i, j) of U is
 * {@code theta[offU() + i + j * H]}. Column j of U is therefore contiguous, and for one-hot input
 * {@code U x_t} is that column. The gradient buffer uses the same layout.
 */
public final class RnnLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    /** D: input size (vocabulary size for one-hot input, feature count for dense input). */
    public final int inputSize;
    /** H: hidden size. */
    public final int hiddenSize;
    /** K: output size (number of classes, or of regression targets); 0 for an encoder, which has no output layer. */
    public final int outputSize;
    /** True when x_t is a token index (one-hot), false when it is a dense vector of D values. */
    public final boolean oneHotInput;

    public RnnLayout(int inputSize, int hiddenSize, int outputSize, boolean oneHotInput) {
        if (inputSize <= 0 || hiddenSize <= 0 || outputSize < 0) {
            throw new IllegalArgumentException("sizes must be positive (K = 0: no output layer): D=" + inputSize
                    + " H=" + hiddenSize + " K=" + outputSize);
        }
        long n = (long) hiddenSize * inputSize + (long) hiddenSize * hiddenSize + (long) outputSize * hiddenSize
                + hiddenSize + outputSize;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("model too large for one array: " + n + " parameters");
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.outputSize = outputSize;
        this.oneHotInput = oneHotInput;
    }

    /** Offset of U (H x D). */
    public int offU() { return 0; }
    /** Offset of V (H x H). */
    public int offV() { return hiddenSize * inputSize; }
    /** Offset of W (K x H). */
    public int offW() { return offV() + hiddenSize * hiddenSize; }
    /** Offset of b_h (H). */
    public int offBh() { return offW() + outputSize * hiddenSize; }
    /** Offset of b_o (K). */
    public int offBo() { return offBh() + hiddenSize; }
    /** Total number of parameters. */
    public int size() { return offBo() + outputSize; }

    /** Multiply-adds of forward + backward per time step, counted as 6 (HD + HH + KH) flops. */
    public double flopsPerStep() {
        return 6.0 * ((double) hiddenSize * inputSize + (double) hiddenSize * hiddenSize
                + (double) outputSize * hiddenSize);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RnnLayout l && l.inputSize == inputSize && l.hiddenSize == hiddenSize
                && l.outputSize == outputSize && l.oneHotInput == oneHotInput;
    }

    @Override
    public int hashCode() {
        return ((inputSize * 31 + hiddenSize) * 31 + outputSize) * 2 + (oneHotInput ? 1 : 0);
    }

    @Override
    public String toString() {
        return "RnnLayout(D=" + inputSize + (oneHotInput ? " one-hot" : " dense") + ", H=" + hiddenSize
                + ", K=" + outputSize + ", " + size() + " parameters)";
    }
}
