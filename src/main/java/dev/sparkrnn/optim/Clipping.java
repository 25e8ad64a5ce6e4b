package dev.sparkrnn.optim;

/**
 * Gradient clipping, applied to the (averaged) gradient before an update: by global L2 norm
 * (g := g * c / ||g|| when ||g|| > c) and by value (each g_i into [-c, c]). The vanilla RNN needs one
 * of them: dL/dh_t is multiplied by V^T at every step back and can explode.
 */
public final class Clipping {
    private Clipping() {
    }

    /** The global L2 norm of g. */
    public static double norm(double[] g) {
        double s = 0;
        for (double v : g) s += v * v;
        return Math.sqrt(s);
    }

    /** Scales g in place so its L2 norm is at most maxNorm; returns the norm before clipping. */
    public static double clipByGlobalNormInPlace(double[] g, double maxNorm) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("maxNorm must be positive: " + maxNorm);
        double norm = norm(g);
        if (norm > maxNorm) {
            double scale = maxNorm / norm;
            for (int i = 0; i < g.length; i++) g[i] *= scale;
        }
        return norm;
    }

    /** Clamps each g_i into [-maxValue, maxValue] in place; returns how many were clamped. */
    public static int clipByValueInPlace(double[] g, double maxValue) {
        if (!(maxValue > 0)) throw new IllegalArgumentException("maxValue must be positive: " + maxValue);
        int clamped = 0;
        for (int i = 0; i < g.length; i++) {
            if (g[i] > maxValue) { g[i] = maxValue; clamped++; }
            else if (g[i] < -maxValue) { g[i] = -maxValue; clamped++; }
        }
        return clamped;
    }
}
