package dev.sparkrnn.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A packed batch gives the loss, gradient and final states of its sequences run one at a time. */
class BatchEquivalenceTest {

    @ParameterizedTest
    @EnumSource(TargetMode.class)
    void batchEqualsSumOfSingleSequences(TargetMode mode) {
        for (Head head : Head.values()) {
            for (boolean oneHot : new boolean[] {true, false}) {
                check(head, mode, oneHot);
            }
        }
    }

    private void check(Head head, TargetMode mode, boolean oneHot) {
        RnnLayout layout = new RnnLayout(oneHot ? 7 : 4, 6, 3, oneHot);
        int[] lengths = {2, 7, 1, 7, 4, 3, 6};
        SequenceBatch batch = Problems.batch(layout, head, mode, lengths, 31);
        double[] theta = Problems.theta(layout, 12);
        RnnKernel kernel = new RnnKernel(layout, Blas.best());
        double[] h0 = Problems.randomState(layout.hiddenSize * lengths.length, 4);

        double[] hBatch = h0.clone();
        double[] gBatch = new double[layout.size()];
        double lossBatch = kernel.lossAndGradient(theta, batch, hBatch, gBatch, new Workspace(layout, 8, 7));

        double lossSum = 0;
        double[] gSum = new double[layout.size()];
        int targets = 0;
        int h = layout.hiddenSize;
        Workspace one = new Workspace(layout, 1, 7);
        for (int b = 0; b < batch.size(); b++) {
            SequenceBatch single = GradientCheckTest.chunk(batch, 0, batch.maxLength(), b);
            double[] hs = new double[h];
            System.arraycopy(h0, b * h, hs, 0, h);
            lossSum += kernel.lossAndGradient(theta, single, hs, gSum, one);
            targets += single.targetCount();
            double[] expected = new double[h];
            System.arraycopy(hBatch, b * h, expected, 0, h);
            assertArrayEquals(expected, hs, 1e-13, "final state of sequence " + b);
        }
        assertEquals(targets, batch.targetCount());
        assertEquals(lossSum, lossBatch, 1e-12 * Math.abs(lossSum), head + " " + mode);
        double scale = 0;
        for (double g : gSum) scale = Math.max(scale, Math.abs(g));
        assertTrue(scale > 0);
        assertArrayEquals(gSum, gBatch, 1e-12 * scale, head + " " + mode + " oneHot=" + oneHot);
    }
}
