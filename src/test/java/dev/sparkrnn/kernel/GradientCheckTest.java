package dev.sparkrnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** BPTT against central finite differences of the loss, for every head, input kind and target mode. */
class GradientCheckTest {
    static final double EPS = 1e-5;
    static final double TOL = 1e-6;
    static final int[] LENGTHS = {5, 3, 3, 1, 4, 5};

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (Head head : Head.values()) {
            for (TargetMode mode : TargetMode.values()) {
                for (boolean oneHot : new boolean[] {true, false}) {
                    for (boolean initialState : new boolean[] {false, true}) {
                        list.add(Arguments.of(head, mode, oneHot, initialState));
                    }
                }
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} {1} oneHot={2} h0={3}")
    @MethodSource("cases")
    void bpttMatchesFiniteDifferences(Head head, TargetMode mode, boolean oneHot, boolean initialState) {
        RnnLayout layout = new RnnLayout(oneHot ? 6 : 3, 5, head == Head.SOFTMAX_CROSS_ENTROPY ? 4 : 2, oneHot);
        SequenceBatch batch = Problems.batch(layout, head, mode, LENGTHS, 11);
        double[] theta = Problems.theta(layout, 3);
        double[] h0 = initialState ? Problems.randomState(layout.hiddenSize * batch.size(), 5) : null;
        RnnKernel kernel = new RnnKernel(layout, Blas.best());
        Workspace ws = new Workspace(layout, batch.size(), batch.maxLength());

        double[] grad = new double[layout.size()];
        double loss = kernel.lossAndGradient(theta, batch, copy(h0), grad, ws);
        assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
        double[] dh0 = ws.initialStateGradient().clone();

        double[] numeric = new double[layout.size()];
        for (int i = 0; i < theta.length; i++) {
            double keep = theta[i];
            theta[i] = keep + EPS;
            double up = kernel.forward(theta, batch, copy(h0), ws, null);
            theta[i] = keep - EPS;
            double down = kernel.forward(theta, batch, copy(h0), ws, null);
            theta[i] = keep;
            numeric[i] = (up - down) / (2 * EPS);
        }
        assertClose(numeric, grad, "dL/dtheta");

        if (h0 != null) {
            // the gradient with respect to the initial state (what an encoder receives)
            double[] numericH = new double[h0.length];
            for (int i = 0; i < h0.length; i++) {
                double[] hp = copy(h0), hm = copy(h0);
                hp[i] += EPS;
                hm[i] -= EPS;
                numericH[i] = (kernel.forward(theta, batch, hp, ws, null) - kernel.forward(theta, batch, hm, ws, null))
                        / (2 * EPS);
            }
            double[] analyticH = java.util.Arrays.copyOf(dh0, h0.length);
            assertClose(numericH, analyticH, "dL/dh0");
        }
    }

    /**
     * Truncated BPTT with window k equals the sum of the exact gradients of each chunk [s, s+k), each chunk
     * starting from the state the previous chunk ended in (each chunk's exact gradient is checked above,
     * with a non-zero initial state).
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("truncatedCases")
    void truncatedBpttIsTheSumOverChunksWithCarriedState(Head head, TargetMode mode) {
        RnnLayout layout = new RnnLayout(6, 5, head == Head.SOFTMAX_CROSS_ENTROPY ? 4 : 2, true);
        int[] lengths = {9, 7, 7, 4, 2};
        SequenceBatch full = Problems.batch(layout, head, mode, lengths, 21);
        double[] theta = Problems.theta(layout, 4);
        RnnKernel kernel = new RnnKernel(layout, Blas.best());
        int k = 3;
        double[] h = Problems.randomState(layout.hiddenSize * full.size(), 8);
        double[] hChunks = h.clone();

        double[] gradT = new double[layout.size()];
        double lossT = kernel.lossAndGradient(theta, full, h, gradT, new Workspace(layout, full.size(), k));

        double[] gradSum = new double[layout.size()];
        double lossSum = 0;
        Workspace big = new Workspace(layout, full.size(), full.maxLength());
        for (int s = 0; s < full.maxLength(); s += k) {
            SequenceBatch chunk = chunk(full, s, Math.min(full.maxLength(), s + k));
            lossSum += kernel.lossAndGradient(theta, chunk, hChunks, gradSum, big);
        }
        assertEquals(lossSum, lossT, 1e-12 * Math.abs(lossSum));
        assertClose(gradSum, gradT, "tBPTT gradient");
        assertClose(hChunks, h, "carried state");
        // and truncation changes the gradient (the check is not vacuous)
        double[] exact = new double[layout.size()];
        kernel.lossAndGradient(theta, full, Problems.randomState(layout.hiddenSize * full.size(), 8), exact, big);
        double diff = 0;
        for (int i = 0; i < exact.length; i++) diff = Math.max(diff, Math.abs(exact[i] - gradT[i]));
        assertTrue(diff > 1e-6, "truncation made no difference");
    }

    static Stream<Arguments> truncatedCases() {
        return Stream.of(Arguments.of(Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP),
                Arguments.of(Head.SOFTMAX_CROSS_ENTROPY, TargetMode.LAST_STEP),
                Arguments.of(Head.IDENTITY_SQUARED_ERROR, TargetMode.EVERY_STEP));
    }

    /** Steps [s, e) of every sequence of a packed batch still running at s, in packed order. */
    static SequenceBatch chunk(SequenceBatch full, int s, int e) {
        return chunk(full, s, e, -1);
    }

    /** Steps [s, e) of packed sequence {@code only} (or of all, when -1) still running at s. */
    static SequenceBatch chunk(SequenceBatch full, int s, int e, int only) {
        RnnLayout layout = full.layout();
        SequenceBatch c = new SequenceBatch(layout, full.head(), full.mode());
        double[] v = new double[Math.max(layout.outputSize, layout.inputSize)];
        for (int b = 0; b < full.stepCount(s); b++) {
            if (only >= 0 && b != only) continue;
            int len = Math.min(full.length(b), e) - s;
            int q = c.addSequence(len);
            for (int t = 0; t < len; t++) {
                int col = full.stepStart(s + t) + b;
                if (layout.oneHotInput) {
                    c.setToken(q, t, full.tokens()[col]);
                } else {
                    c.setFeatures(q, t, full.features(), col * layout.inputSize);
                }
                if (full.mode() == TargetMode.EVERY_STEP) {
                    copyTarget(full, col, c, q, t, v);
                }
            }
            if (full.mode() == TargetMode.LAST_STEP && full.length(b) <= e) {
                copyTarget(full, b, c, q, 0, v);
            }
        }
        c.pack();
        return c;
    }

    private static void copyTarget(SequenceBatch from, int slot, SequenceBatch to, int q, int t, double[] v) {
        if (!from.hasTarget()[slot]) return;
        if (from.head().classTargets()) {
            to.setClassTarget(q, t, from.targetClass()[slot]);
        } else {
            int k = from.layout().outputSize;
            System.arraycopy(from.targetValues(), slot * k, v, 0, k);
            to.setValueTarget(q, t, v, 0);
        }
    }

    @Test
    void oneToOneIsALengthOneSequence() {
        RnnLayout layout = new RnnLayout(4, 3, 3, true);
        SequenceBatch batch = Problems.batch(layout, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.LAST_STEP, new int[] {1, 1}, 2);
        double[] theta = Problems.theta(layout, 9);
        RnnKernel kernel = new RnnKernel(layout, Blas.best());
        Workspace ws = new Workspace(layout, 2, 1);
        double[] grad = new double[layout.size()];
        kernel.lossAndGradient(theta, batch, null, grad, ws);
        double[] numeric = new double[layout.size()];
        for (int i = 0; i < theta.length; i++) {
            double keep = theta[i];
            theta[i] = keep + EPS;
            double up = kernel.forward(theta, batch, null, ws, null);
            theta[i] = keep - EPS;
            double down = kernel.forward(theta, batch, null, ws, null);
            theta[i] = keep;
            numeric[i] = (up - down) / (2 * EPS);
        }
        assertClose(numeric, grad, "one-to-one");
        // with h_0 = 0 and one step, V gets no gradient
        for (int i = layout.offV(); i < layout.offW(); i++) assertEquals(0.0, grad[i]);
    }

    static double[] copy(double[] a) {
        return a == null ? null : a.clone();
    }

    /** Per component: |a - n| <= TOL * max(|a|, |n|) + 1e-9, and the vectors' relative error below TOL. */
    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length);
        double num = 0, den = 0;
        for (int i = 0; i < expected.length; i++) {
            double a = actual[i], n = expected[i];
            num += (a - n) * (a - n);
            den += a * a + n * n;
            double tol = TOL * Math.max(Math.abs(a), Math.abs(n)) + 1e-9;
            assertTrue(Math.abs(a - n) <= tol, what + "[" + i + "]: expected " + n + " got " + a);
        }
        assertTrue(den > 0, what + " is all zero");
        assertTrue(Math.sqrt(num / den) < TOL, what + " relative error " + Math.sqrt(num / den));
    }
}
