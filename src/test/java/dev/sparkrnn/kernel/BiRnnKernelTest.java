package dev.sparkrnn.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bidirectional RNN: BPTT through both directions against finite differences; reversal by true length. */
class BiRnnKernelTest {

    static double[] theta(RnnLayout layout, long seed) {
        double[] theta = BidirectionalNetwork.initialize(layout, seed, 1.0);
        SplittableRandom rng = new SplittableRandom(seed + 7);
        for (int base : new int[] {0, layout.size()}) {
            for (int i = layout.offBh(); i < layout.size(); i++) theta[base + i] = rng.nextDouble() - 0.5;
        }
        return theta;
    }

    @ParameterizedTest(name = "{0} {1} oneHot={2}")
    @CsvSource({"SOFTMAX_CROSS_ENTROPY, EVERY_STEP, true", "SOFTMAX_CROSS_ENTROPY, LAST_STEP, true",
            "SOFTMAX_CROSS_ENTROPY, EVERY_STEP, false", "IDENTITY_SQUARED_ERROR, LAST_STEP, false",
            "SIGMOID_BINARY_CROSS_ENTROPY, EVERY_STEP, true"})
    void bpttThroughBothDirectionsMatchesFiniteDifferences(Head head, TargetMode mode, boolean oneHot) {
        RnnLayout layout = new RnnLayout(oneHot ? 6 : 3, 4, head == Head.SOFTMAX_CROSS_ENTROPY ? 4 : 2, oneHot);
        SequenceBatch batch = Problems.batch(layout, head, mode, new int[] {5, 2, 4, 1, 5, 3}, 17);
        double[] theta = theta(layout, 2);
        BiRnnKernel kernel = new BiRnnKernel(layout, Blas.best());
        BiRnnKernel.Scratch s = new BiRnnKernel.Scratch(layout, head, mode, batch.size(), batch.maxLength());
        double[] grad = new double[kernel.size()];
        double loss = kernel.lossAndGradient(theta, batch, grad, s);
        assertTrue(Double.isFinite(loss) && loss > 0);
        double[] numeric = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            double keep = theta[i];
            theta[i] = keep + GradientCheckTest.EPS;
            double up = kernel.forward(theta, batch, s, null);
            theta[i] = keep - GradientCheckTest.EPS;
            double down = kernel.forward(theta, batch, s, null);
            theta[i] = keep;
            numeric[i] = (up - down) / (2 * GradientCheckTest.EPS);
        }
        GradientCheckTest.assertClose(numeric, grad, "bidirectional dL/dtheta");
        // the backward RNN's recurrent weights take part (not a vacuous check)
        double v = 0;
        for (int i = layout.size() + layout.offV(); i < layout.size() + layout.offW(); i++) v += Math.abs(grad[i]);
        assertTrue(v > 1e-6, "backward V has no gradient");
    }

    /**
     * What the model computes, not only that its gradient is consistent: with the identity head y^ = o,
     * o_t must be the forward RNN's logits at t plus the backward RNN's logits after reading x_{T-1} .. x_t
     * (a plain RNN run over the reversed sequence, at its step T-1-t).
     */
    @org.junit.jupiter.api.Test
    void outputAtStepTCombinesThePastAndTheFuture() {
        RnnLayout layout = new RnnLayout(6, 4, 2, true);
        int[] x = {3, 0, 5, 5, 1};
        int n = x.length;
        double[] theta = theta(layout, 9);
        SequenceBatch fwd = new SequenceBatch(layout, Head.IDENTITY_SQUARED_ERROR, TargetMode.EVERY_STEP);
        SequenceBatch rev = new SequenceBatch(layout, Head.IDENTITY_SQUARED_ERROR, TargetMode.EVERY_STEP);
        int a = fwd.addSequence(n), r = rev.addSequence(n);
        for (int t = 0; t < n; t++) {
            fwd.setToken(a, t, x[t]);
            rev.setToken(r, t, x[n - 1 - t]);
        }
        fwd.pack();
        rev.pack();
        RnnKernel plain = new RnnKernel(layout, Blas.best());
        double[] lf = new double[n * 2], lb = new double[n * 2];
        RnnKernel.Exchange ex = new RnnKernel.Exchange();
        ex.logitsOut = lf;
        plain.run(theta, 0, fwd, null, null, new Workspace(layout, 1, n), null, ex);
        ex.logitsOut = lb;
        plain.run(theta, layout.size(), rev, null, null, new Workspace(layout, 1, n), null, ex);
        double[] combined = new double[n * 2];
        new BiRnnKernel(layout, Blas.best()).forward(theta, fwd,
                new BiRnnKernel.Scratch(layout, Head.IDENTITY_SQUARED_ERROR, TargetMode.EVERY_STEP, 1, n),
                (first, count, outputs) -> System.arraycopy(outputs, 0, combined, first * 2, count * 2));
        for (int t = 0; t < n; t++) {
            for (int k = 0; k < 2; k++) {
                assertEquals(lf[t * 2 + k] + lb[(n - 1 - t) * 2 + k], combined[t * 2 + k], 1e-12, "o_" + t);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"EVERY_STEP", "LAST_STEP"})
    void mixedLengthsGiveWhatEachSequenceGivesAlone(TargetMode mode) {
        RnnLayout layout = new RnnLayout(7, 5, 3, true);
        SequenceBatch batch = Problems.batch(layout, Head.SOFTMAX_CROSS_ENTROPY, mode, new int[] {3, 7, 1, 7, 4, 2}, 23);
        double[] theta = theta(layout, 5);
        BiRnnKernel kernel = new BiRnnKernel(layout, Blas.best());
        double[] gBatch = new double[kernel.size()];
        double lossBatch = kernel.lossAndGradient(theta, batch, gBatch,
                new BiRnnKernel.Scratch(layout, Head.SOFTMAX_CROSS_ENTROPY, mode, 8, 7));
        double[] gSum = new double[kernel.size()];
        double lossSum = 0;
        BiRnnKernel.Scratch one = new BiRnnKernel.Scratch(layout, Head.SOFTMAX_CROSS_ENTROPY, mode, 1, 7);
        for (int b = 0; b < batch.size(); b++) {
            lossSum += kernel.lossAndGradient(theta, GradientCheckTest.chunk(batch, 0, batch.maxLength(), b), gSum, one);
        }
        assertEquals(lossSum, lossBatch, 1e-12 * lossSum);
        double scale = 0;
        for (double g : gSum) scale = Math.max(scale, Math.abs(g));
        assertArrayEquals(gSum, gBatch, 1e-12 * scale);
    }
}
