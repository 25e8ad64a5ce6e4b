package dev.sparkrnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The float32 kernel's tanh: within 4e-7 of tanh everywhere (float32 ulps near 1 are 6e-8), odd, saturating, NaN kept. */
class FastTanhTest {

    @Test
    void closeToTanhEverywhere() {
        int n = 2_000_001;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (-12.0 + 24.0 * i / (n - 1));
        float[] y = x.clone();
        FastTanh.inPlace(y, 0, n);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double exact = Math.tanh(x[i]);
            worst = Math.max(worst, Math.abs(y[i] - exact));
            assertEquals(-y[i], tanhOf(-x[i]), 0.0, "odd at " + x[i]);
            assertTrue(Math.abs(y[i]) <= 1f, "bounded at " + x[i]);
        }
        assertTrue(worst <= 4e-7, "max error " + worst);
        float[] tiny = {1e-30f, -1e-20f, 0f, Float.MIN_VALUE};
        float[] t = tiny.clone();
        FastTanh.inPlace(t, 0, t.length);
        for (int i = 0; i < t.length; i++) assertEquals(tiny[i], t[i], Math.max(Math.abs(tiny[i]) * 1e-6, 1e-37));   // subnormals may flush to 0
    }

    @Test
    void saturatesAndKeepsNaN() {
        float[] a = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e30f, Float.NaN};
        FastTanh.inPlace(a, 0, a.length);
        assertEquals(1f, a[0], 1e-7);
        assertEquals(-1f, a[1], 1e-7);
        assertEquals(1f, a[2], 1e-7);
        assertTrue(Float.isNaN(a[3]), "a NaN stays NaN (training stops on it)");
    }

    private static float tanhOf(float x) {
        float[] a = {x};
        FastTanh.inPlace(a, 0, 1);
        return a[0];
    }
}
