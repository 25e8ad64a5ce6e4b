package dev.sparkrnn.kernel;

/**
 * The arithmetic a {@link Network.Scratch} computes in. FLOAT64 is the reference (gradients checked against
 * finite differences); FLOAT32 runs the generated float32 kernel ({@code RnnKernel32}: parameters,
 * activations, products (sgemm) and elementwise loops in float32, losses summed in float64). Either way the
 * caller's parameters and gradient buffers are float64: a float32 scratch rounds theta once per batch and adds
 * its float32 gradient into the caller's float64 sum.
 */
public enum Precision {
    FLOAT64, FLOAT32;

    /** From a setting's value: {@code float64} or {@code float32}. */
    public static Precision of(String name) {
        return switch (name) {
            case "float64" -> FLOAT64;
            case "float32" -> FLOAT32;
            default -> throw new IllegalArgumentException("precision is float64 or float32, not " + name);
        };
    }

    /** The setting's spelling. */
    public String setting() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The first {@code n} values of {@code src} rounded to float32 into {@code dst}; returns {@code dst}. */
    public static float[] toFloat32(double[] src, int n, float[] dst) {
        for (int i = 0; i < n; i++) dst[i] = (float) src[i];
        return dst;
    }

    /** The first {@code n} values of {@code src} widened (exactly) to float64 into {@code dst}; returns {@code dst}. */
    public static double[] toFloat64(float[] src, int n, double[] dst) {
        for (int i = 0; i < n; i++) dst[i] = src[i];
        return dst;
    }
}
