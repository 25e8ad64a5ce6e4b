package dev.sparkrnn.kernel;

/**
 * What every float32 scratch does around its generated kernel: theta rounded to float32 once per batch, the
 * float32 gradient added into the caller's float64 buffer, and y^ widened to float64 for the caller's sink.
 * Its buffers are allocated once (the output buffer grows to the largest batch of outputs seen).
 */
final class Float32Bridge {
    private final int k;
    private final float[] theta32;
    private final float[] grad32;
    private double[] outputs = new double[0];
    private RnnKernel.OutputSink target;
    private final RnnKernel32.OutputSink widen;

    /** For {@code parameters} values and outputs of {@code k} values per slot. */
    Float32Bridge(int parameters, int k) {
        this.k = k;
        theta32 = new float[parameters];
        grad32 = new float[parameters];
        widen = (first, count, o) -> {
            int len = count * k;
            if (outputs.length < len) outputs = new double[len];
            target.accept(first, count, Precision.toFloat64(o, len, outputs));
        };
    }

    /** theta rounded to float32 (the bridge's buffer). */
    float[] theta(double[] theta) {
        if (theta.length != theta32.length) {
            throw new IllegalArgumentException("theta has " + theta.length + " values, the network needs " + theta32.length);
        }
        return Precision.toFloat32(theta, theta.length, theta32);
    }

    /** The float32 gradient buffer, zeroed. */
    float[] gradient() {
        java.util.Arrays.fill(grad32, 0);
        return grad32;
    }

    /** grad += the float32 gradient. */
    void addGradientTo(double[] grad) {
        for (int i = 0; i < grad32.length; i++) grad[i] += grad32[i];
    }

    /** A float32 sink that widens y^ into {@code sink}, or null when it is null; valid until the next call. */
    RnnKernel32.OutputSink sink(RnnKernel.OutputSink sink) {
        target = sink;
        return sink == null ? null : widen;
    }

    long bytes() {
        return 4L * (theta32.length + grad32.length) + 8L * outputs.length;
    }
}
