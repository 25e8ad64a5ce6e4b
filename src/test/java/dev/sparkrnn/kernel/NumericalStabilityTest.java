package dev.sparkrnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Extreme logits and pre-activations give finite losses and gradients. */
class NumericalStabilityTest {

    @Test
    void softmaxOfHugeLogitsIsFinite() {
        double[] o = {1000, -1000, 999, 0};
        double loss = HeadLoss.softmaxLossAndDelta(o, 0, 4, 1);
        // L = logsumexp(o) - o_1 = 1000 + log(1 + e^-1) + 1000
        assertEquals(2000 + Math.log1p(Math.exp(-1)), loss, 1e-9);
        for (double d : o) assertTrue(Double.isFinite(d));
        assertEquals(0.0, Arrays.stream(o).sum(), 1e-12);    // softmax - onehot sums to zero

        double[] p = {-1e3, -1e3 - 1, -2e3};
        HeadLoss.softmax(p, 0, 3);
        assertEquals(1 / (1 + Math.exp(-1)), p[0], 1e-12);
    }

    @Test
    void sigmoidCrossEntropyOfHugeLogitsIsFinite() {
        double[] o = {1e3, -1e3};
        double loss = HeadLoss.denseLossAndDelta(Head.SIGMOID_BINARY_CROSS_ENTROPY, o, 0, 2, new double[] {0, 1}, 0);
        assertEquals(2000, loss, 1e-9);
        assertEquals(1.0, o[0], 0);
        assertEquals(-1.0, o[1], 0);
    }

    @Test
    void kernelWithLogitsOfMagnitude1e3HasFiniteLossAndGradient() {
        RnnLayout layout = new RnnLayout(5, 4, 6, true);
        SequenceBatch batch = Problems.batch(layout, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP,
                new int[] {6, 3}, 2);
        double[] theta = Problems.theta(layout, 1);
        for (int i = layout.offW(); i < layout.offBh(); i++) theta[i] *= 1e3;   // |o| ~ 1e3
        for (int i = layout.offV(); i < layout.offW(); i++) theta[i] *= 1e3;   // saturated tanh
        double[] grad = new double[layout.size()];
        double loss = new RnnKernel(layout, Blas.best()).lossAndGradient(theta, batch, null, grad,
                new Workspace(layout, 2, 6));
        assertTrue(Double.isFinite(loss) && loss > 10, "loss " + loss);
        for (double g : grad) assertTrue(Double.isFinite(g));
    }

    @Test
    void tanhIsAccurateAndSaturates() {
        double[] x = {-1e4, -20, -1, -1e-3, 0, 1e-9, 0.5, 3, 800};
        double[] y = x.clone();
        RnnKernel.tanhInPlace(y, 0, y.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Math.tanh(x[i]), y[i], 1e-15 + 1e-14 * Math.abs(Math.tanh(x[i])), "tanh(" + x[i] + ")");
        }
    }
}
