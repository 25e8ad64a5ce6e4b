package dev.sparkrnn.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The encoder–decoder: BPTT through decoder, context and encoder against finite differences; batching exactness. */
class EncoderDecoderKernelTest {
    static final int[] SOURCE_LENGTHS = {4, 1, 6, 3, 2};
    static final int[] TARGET_LENGTHS = {2, 5, 1, 4, 6};   // unrelated to the source lengths: packings differ

    /** Random pairs (source i of SOURCE_LENGTHS[i] steps, target of TARGET_LENGTHS[i] tokens incl. </s>). */
    static SequenceBatch[] pairs(EncoderDecoderLayout layout, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        SequenceBatch src = new SequenceBatch(layout.encoder, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.LAST_STEP);
        SequenceBatch tgt = new SequenceBatch(layout.decoder, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP);
        int d = layout.encoder.inputSize, k = layout.decoder.outputSize;
        double[] v = new double[d];
        for (int i = 0; i < SOURCE_LENGTHS.length; i++) {
            int s = src.addSequence(SOURCE_LENGTHS[i]);
            for (int t = 0; t < SOURCE_LENGTHS[i]; t++) {
                if (layout.encoder.oneHotInput) {
                    src.setToken(s, t, rng.nextInt(d));
                } else {
                    for (int j = 0; j < d; j++) v[j] = rng.nextDouble() * 2 - 1;
                    src.setFeatures(s, t, v, 0);
                }
            }
            int q = tgt.addSequence(TARGET_LENGTHS[i]);
            for (int t = 0; t < TARGET_LENGTHS[i]; t++) {
                tgt.setToken(q, t, rng.nextInt(k));
                tgt.setClassTarget(q, t, rng.nextInt(k));
            }
        }
        src.pack();
        tgt.pack();
        return new SequenceBatch[] {src, tgt};
    }

    static double[] theta(EncoderDecoderLayout layout, long seed) {
        double[] theta = layout.initialize(seed, 1.0);
        SplittableRandom rng = new SplittableRandom(seed + 3);
        for (int i = layout.encoder.offBh(); i < layout.encoder.size(); i++) theta[i] = rng.nextDouble() - 0.5;
        for (int i = layout.decoder.offBh(); i < layout.decoder.size(); i++) theta[layout.decoderBase() + i] = rng.nextDouble() - 0.5;
        return theta;
    }

    @ParameterizedTest(name = "source one-hot={0} context fed={1}")
    @CsvSource({"true, true", "true, false", "false, true", "false, false"})
    void bpttThroughDecoderContextAndEncoderMatchesFiniteDifferences(boolean oneHot, boolean feed) {
        EncoderDecoderLayout layout = EncoderDecoderLayout.of(oneHot ? 6 : 3, oneHot, 4, 5, feed);
        SequenceBatch[] p = pairs(layout, 11);
        double[] theta = theta(layout, 4);
        EncoderDecoderKernel kernel = new EncoderDecoderKernel(layout, Blas.best());
        EncoderDecoderKernel.Scratch s = new EncoderDecoderKernel.Scratch(layout, 5, 6, 6);
        double[] grad = new double[layout.size()];
        double loss = kernel.lossAndGradient(theta, p[0], p[1], grad, s);
        assertTrue(Double.isFinite(loss) && loss > 0);
        double[] numeric = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            double keep = theta[i];
            theta[i] = keep + GradientCheckTest.EPS;
            double up = kernel.forward(theta, p[0], p[1], s, null);
            theta[i] = keep - GradientCheckTest.EPS;
            double down = kernel.forward(theta, p[0], p[1], s, null);
            theta[i] = keep;
            numeric[i] = (up - down) / (2 * GradientCheckTest.EPS);
        }
        GradientCheckTest.assertClose(numeric, grad, "encoder-decoder dL/dtheta");
        // not vacuous: the gradient reaches the encoder's recurrent weights (through c) and C
        assertTrue(sumAbs(grad, layout.encoder.offV(), layout.encoder.offBh()) > 1e-6, "encoder V has no gradient");
        if (feed) assertTrue(sumAbs(grad, layout.offC(), layout.size()) > 1e-6, "C has no gradient");
    }

    @Test
    void aBatchOfMixedLengthsGivesWhatEachPairGivesAlone() {
        EncoderDecoderLayout layout = EncoderDecoderLayout.of(7, true, 5, 6, true);
        SequenceBatch[] p = pairs(layout, 21);
        double[] theta = theta(layout, 8);
        EncoderDecoderKernel kernel = new EncoderDecoderKernel(layout, Blas.best());
        double[] gBatch = new double[layout.size()];
        double lossBatch = kernel.lossAndGradient(theta, p[0], p[1], gBatch, new EncoderDecoderKernel.Scratch(layout, 5, 6, 6));
        double[] gSum = new double[layout.size()];
        double lossSum = 0;
        EncoderDecoderKernel.Scratch one = new EncoderDecoderKernel.Scratch(layout, 1, 6, 6);
        for (int i = 0; i < SOURCE_LENGTHS.length; i++) {
            int bs = p[0].packedIndex(i), bt = p[1].packedIndex(i);
            lossSum += kernel.lossAndGradient(theta, GradientCheckTest.chunk(p[0], 0, p[0].maxLength(), bs),
                    GradientCheckTest.chunk(p[1], 0, p[1].maxLength(), bt), gSum, one);
        }
        assertEquals(lossSum, lossBatch, 1e-12 * lossSum);
        double scale = 0;
        for (double g : gSum) scale = Math.max(scale, Math.abs(g));
        assertArrayEquals(gSum, gBatch, 1e-12 * scale);
    }

    /**
     * What the model computes: the decoder's loss equals a plain RNN started from the context the encoder
     * produced, when the context is only h_0 (C absent): the encoder's last state is exactly what the decoder
     * starts from.
     */
    @Test
    void theDecoderStartsFromTheEncodersLastState() {
        EncoderDecoderLayout layout = EncoderDecoderLayout.of(6, true, 4, 5, false);
        SequenceBatch[] p = pairs(layout, 31);
        double[] theta = theta(layout, 6);
        EncoderDecoderKernel kernel = new EncoderDecoderKernel(layout, Blas.best());
        EncoderDecoderKernel.Scratch s = new EncoderDecoderKernel.Scratch(layout, 5, 6, 6);
        double[] c = new double[5 * 4];
        kernel.encode(theta, p[0], c, null, s);
        // e_S of source 1 (length 1, e_0 = 0): tanh(U_e x_1 + b_e)
        int x = p[0].tokens()[p[0].stepStart(0) + p[0].packedIndex(1)];
        for (int i = 0; i < 4; i++) {
            assertEquals(Math.tanh(theta[x * 4 + i] + theta[layout.encoder.offBh() + i]), c[4 + i], 1e-14);
        }
        double[] h0 = new double[5 * 4];
        for (int i = 0; i < 5; i++) System.arraycopy(c, i * 4, h0, p[1].packedIndex(i) * 4, 4);
        double[] dec = java.util.Arrays.copyOfRange(theta, layout.decoderBase(), layout.size());
        double plain = new RnnKernel(layout.decoder, Blas.best()).forward(dec, p[1], h0, new Workspace(layout.decoder, 5, 6), null);
        assertEquals(plain, kernel.forward(theta, p[0], p[1], s, null), 1e-12);
    }

    private static double sumAbs(double[] a, int from, int to) {
        double v = 0;
        for (int i = from; i < to; i++) v += Math.abs(a[i]);
        return v;
    }
}
