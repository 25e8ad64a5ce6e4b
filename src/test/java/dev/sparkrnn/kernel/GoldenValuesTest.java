package dev.sparkrnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The kernel against golden values computed by an independent numpy reference: loss, every component of
 * dL/dtheta, each sequence's final hidden state and dL/dh_0 must agree to a relative 1e-10.
 *
 * <p>The expected numbers live in {@code src/test/resources/golden/golden.json}, written by
 * {@code src/test/resources/golden/rnn_reference.py}: a plain per-sequence, per-step forward pass and
 * BPTT loop in numpy (no packing), with its own finite-difference self-check. Regenerate them from the
 * project root with
 *
 * <pre>
 *   python3 src/test/resources/golden/rnn_reference.py
 * </pre>
 *
 * The script uses a seeded RNG, so rerunning it reproduces the same file (up to numpy's last-bit
 * rounding). Sequences are added in the file's order; the kernel's hidden states are in packed order,
 * mapped with {@link SequenceBatch#packedIndex(int)}.
 */
class GoldenValuesTest {
    static final double REL = 1e-10;
    static final double ABS = 1e-12;

    @TestFactory
    Stream<DynamicTest> kernelMatchesNumpyReference() throws IOException {
        JsonNode cases = load().get("cases");
        assertNotNull(cases, "golden.json has no cases");
        assertTrue(cases.size() >= 3, "expected at least 3 golden cases, found " + cases.size());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
        }
        return tests.stream();
    }

    private static JsonNode load() throws IOException {
        try (InputStream in = GoldenValuesTest.class.getResourceAsStream("/golden/golden.json")) {
            assertNotNull(in, "golden/golden.json not on the test class path");
            return new ObjectMapper().readTree(in);
        }
    }

    private static void check(JsonNode c) {
        int d = c.get("D").asInt(), hn = c.get("H").asInt(), k = c.get("K").asInt();
        boolean oneHot = c.get("oneHot").asBoolean();
        Head head = Head.valueOf(c.get("head").asText());
        TargetMode mode = TargetMode.valueOf(c.get("mode").asText());
        RnnLayout layout = new RnnLayout(d, hn, k, oneHot);
        double[] theta = doubles(c.get("theta"));
        assertEquals(layout.size(), theta.length, "theta length");

        JsonNode seqs = c.get("sequences");
        int bsz = seqs.size();
        SequenceBatch batch = new SequenceBatch(layout, head, mode);
        boolean zeroH0 = true;
        for (JsonNode sq : seqs) {
            JsonNode xs = oneHot ? sq.get("tokens") : sq.get("features");
            int len = xs.size();
            int s = batch.addSequence(len);
            for (int t = 0; t < len; t++) {
                if (oneHot) {
                    batch.setToken(s, t, xs.get(t).asInt());
                } else {
                    batch.setFeatures(s, t, doubles(xs.get(t)), 0);
                }
            }
            JsonNode ys = sq.get("targets");
            assertEquals(mode == TargetMode.EVERY_STEP ? len : 1, ys.size(), "targets of a sequence");
            for (int t = 0; t < ys.size(); t++) {
                int step = mode == TargetMode.EVERY_STEP ? t : len - 1;
                if (head.classTargets()) {
                    batch.setClassTarget(s, step, ys.get(t).asInt());
                } else {
                    batch.setValueTarget(s, step, doubles(ys.get(t)), 0);
                }
            }
            for (double v : doubles(sq.get("h0"))) zeroH0 &= v == 0.0;
        }
        batch.pack();

        // h_0 in packed order
        double[] h = new double[hn * bsz];
        for (int a = 0; a < bsz; a++) {
            System.arraycopy(doubles(seqs.get(a).get("h0")), 0, h, batch.packedIndex(a) * hn, hn);
        }

        RnnKernel kernel = new RnnKernel(layout, Blas.best());
        Workspace ws = new Workspace(layout, bsz, batch.maxLength());   // one window: no truncation
        double[] grad = new double[layout.size()];
        double loss = kernel.lossAndGradient(theta, batch, h, grad, ws);
        double[] dh0 = ws.initialStateGradient().clone();

        double expectedLoss = c.get("loss").asDouble();
        assertClose(expectedLoss, loss, "loss");
        double[] expectedGrad = doubles(c.get("gradient"));
        assertEquals(expectedGrad.length, grad.length, "gradient length");
        for (int i = 0; i < grad.length; i++) {
            assertClose(expectedGrad[i], grad[i], "gradient[" + i + "] (" + parameterName(layout, i) + ")");
        }
        for (int a = 0; a < bsz; a++) {
            int b = batch.packedIndex(a);
            double[] hFinal = doubles(seqs.get(a).get("hFinal"));
            double[] dh0Expected = doubles(seqs.get(a).get("dh0"));
            for (int i = 0; i < hn; i++) {
                assertClose(hFinal[i], h[b * hn + i], "final h of sequence " + a + " [" + i + "]");
                assertClose(dh0Expected[i], dh0[b * hn + i], "dL/dh0 of sequence " + a + " [" + i + "]");
            }
        }

        if (zeroH0) {
            // a null initial state means zeros: same loss and gradient
            double[] g0 = new double[layout.size()];
            assertClose(expectedLoss, kernel.lossAndGradient(theta, batch, null, g0, ws), "loss (h0 = null)");
            for (int i = 0; i < g0.length; i++) {
                assertClose(expectedGrad[i], g0[i], "gradient[" + i + "] (h0 = null)");
            }
        }
    }

    private static void assertClose(double expected, double actual, String what) {
        double tol = REL * Math.abs(expected) + ABS;
        assertTrue(Math.abs(actual - expected) <= tol,
                () -> what + ": expected " + expected + " got " + actual + " (diff " + (actual - expected) + ")");
    }

    private static String parameterName(RnnLayout l, int i) {
        int hn = l.hiddenSize;
        if (i < l.offV()) return "U[" + (i % hn) + "," + (i / hn) + "]";
        if (i < l.offW()) return "V[" + ((i - l.offV()) % hn) + "," + ((i - l.offV()) / hn) + "]";
        if (i < l.offBh()) {
            int j = i - l.offW();
            return "W[" + (j % l.outputSize) + "," + (j / l.outputSize) + "]";
        }
        if (i < l.offBo()) return "b_h[" + (i - l.offBh()) + "]";
        return "b_o[" + (i - l.offBo()) + "]";
    }

    private static double[] doubles(JsonNode array) {
        assertNotNull(array, "missing array");
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) v[i] = array.get(i).asDouble();
        return v;
    }
}
