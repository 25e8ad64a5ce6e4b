package dev.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The cost model's choice of slices and the learning-rate rule (the measuring is in CommandLineTest). */
class CadenceTest {

    @Test
    void slicesKeepTheShareOutsideTheKernelAtTheTarget() {
        // a = 20 ms, c = 0.5 ms a sequence: n >= 0.02 * 0.9 / (0.1 * 0.0005) = 360 sequences; 6,000 of them: 16 slices
        int slices = Cadence.slicesFor(0.020, 0.0005, 6000, 64, 0.1);
        assertEquals(16, slices);
        double n = 6000.0 / slices;
        double share = 0.020 / (0.020 + 0.0005 * n);
        assertTrue(share <= 0.1, "share " + share);
        assertTrue(0.020 / (0.020 + 0.0005 * 6000.0 / (slices + 1)) > 0.1, "one more slice would exceed the target");
        // a larger overhead (more executors) takes larger updates, a faster kernel too
        assertTrue(Cadence.slicesFor(0.200, 0.0005, 6000, 64, 0.1) < slices);
        assertTrue(Cadence.slicesFor(0.020, 0.0001, 6000, 64, 0.1) < slices);
        // a looser target, smaller updates
        assertTrue(Cadence.slicesFor(0.020, 0.0005, 6000, 64, 0.5) > slices);
    }

    @Test
    void slicesStayBetweenOneUpdateAndOneBatchPerTask() {
        assertEquals(1, Cadence.slicesFor(5.0, 0.0005, 6000, 64, 0.1), "overhead beyond the data: one update");
        assertEquals(6000 / 64, Cadence.slicesFor(1e-9, 0.0005, 6000, 64, 0.1), "no overhead: one batch per task");
        assertEquals(6000 / 64, Cadence.slicesFor(-0.001, 0.0005, 6000, 64, 0.1), "a noisy negative a: the same");
        assertEquals(1, Cadence.slicesFor(0.02, 0, 6000, 64, 0.1), "no time per sequence: one update");
        assertEquals(1, Cadence.slicesFor(0.02, 0.0005, 10, 64, 0.1), "less data than one batch per task");
    }

    @Test
    void learningRateFollowsTheUpdateSize() {
        assertEquals(0.005, Cadence.scaledLr(0.005, "none", 400, 32), 0);
        assertEquals(0.005 * Math.sqrt(400.0 / 32), Cadence.scaledLr(0.005, "sqrt", 400, 32), 1e-15);
        assertEquals(0.005 * 400 / 32, Cadence.scaledLr(0.005, "linear", 400, 32), 1e-15);
        assertEquals(0.005 / 2, Cadence.scaledLr(0.005, "sqrt", 8, 32), 1e-15, "smaller updates, smaller steps");
        assertThrows(IllegalArgumentException.class, () -> Cadence.scaledLr(0.005, "cubic", 400, 32));
    }
}
