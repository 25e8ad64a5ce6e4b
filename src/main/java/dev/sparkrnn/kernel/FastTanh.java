package dev.sparkrnn.kernel;

/**
 * tanh for the float32 kernel: a rational approximation p(x) / q(x) on x clamped to [-7.9053, 7.9053]
 * (beyond it tanh rounds to +-1 in float32), the one Eigen uses for float ({@code generic_fast_tanh_float}):
 * p odd of degree 13, q even of degree 6, within 4e-7 of tanh (FastTanhTest). It is only
 * multiplications, additions, a division and a clamp, so the JIT vectorizes the loop; the float64 kernel keeps
 * the exact {@code RnnKernel.tanhInPlace}, whose one intrinsic exp per element does not vectorize.
 */
final class FastTanh {
    private static final float CLAMP = 7.90531110763549805f;
    private static final float A1 = 4.89352455891786e-03f;
    private static final float A3 = 6.37261928875436e-04f;
    private static final float A5 = 1.48572235717979e-05f;
    private static final float A7 = 5.12229709037114e-08f;
    private static final float A9 = -8.60467152213735e-11f;
    private static final float A11 = 2.00018790482477e-13f;
    private static final float A13 = -2.76076847742355e-16f;
    private static final float B0 = 4.89352518554385e-03f;
    private static final float B2 = 2.26843463243900e-03f;
    private static final float B4 = 1.18534705686654e-04f;
    private static final float B6 = 1.19825839466702e-06f;

    private FastTanh() {
    }

    /** a[off .. off+len) = tanh(a[off .. off+len)); NaN stays NaN. */
    static void inPlace(float[] a, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            float x = Math.max(-CLAMP, Math.min(CLAMP, a[i]));
            float x2 = x * x;
            float p = ((((((A13 * x2 + A11) * x2 + A9) * x2 + A7) * x2 + A5) * x2 + A3) * x2 + A1) * x;
            float q = ((B6 * x2 + B4) * x2 + B2) * x2 + B0;
            a[i] = p / q;
        }
    }
}
