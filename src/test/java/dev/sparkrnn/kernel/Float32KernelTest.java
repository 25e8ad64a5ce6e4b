package dev.sparkrnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generated float32 kernel against the float64 reference on the same batches: every head and target
 * mode, one-hot and dense input, mixed lengths, truncated windows. Stated bounds (float32 has a unit
 * round-off of 6e-8; a batch sums thousands of products): the loss within 1e-5 relative, the gradient within
 * 2e-4 in relative L2 norm and the forward outputs within 1e-5 absolute; the same for the bidirectional RNN
 * and the encoder–decoder.
 */
class Float32KernelTest {
    private static final double LOSS = 1e-5;
    private static final double GRADIENT = 2e-4;
    private static final double OUTPUT = 1e-5;

    @Test
    void float32MatchesFloat64OnTheSameBatches() {
        int[] lengths = {23, 17, 17, 9, 4, 1};
        List<String> checked = new ArrayList<>();
        for (boolean oneHot : new boolean[] {true, false}) {
            for (Head head : Head.values()) {
                for (TargetMode mode : TargetMode.values()) {
                    RnnLayout layout = new RnnLayout(oneHot ? 30 : 12, 48, head.classTargets() ? 30 : 5, oneHot);
                    Network net = Network.rnn(layout, head, mode);
                    double[] theta = Problems.theta(layout, 3);
                    for (int window : new int[] {8, 32}) {
                        Network.Scratch s64 = net.scratch(Blas.best(), lengths.length, window, Precision.FLOAT64);
                        Network.Scratch s32 = net.scratch(Blas.best(), lengths.length, window, Precision.FLOAT32);
                        Problems.fill(s64.batch(), lengths, 9);
                        Problems.fill(s32.batch(), lengths, 9);
                        double[] g64 = new double[layout.size()];
                        double[] g32 = new double[layout.size()];
                        double l64 = s64.lossAndGradient(theta, g64);
                        double l32 = s32.lossAndGradient(theta, g32);
                        String what = (oneHot ? "one-hot " : "dense ") + head + " " + mode + " window " + window;
                        assertTrue(Math.abs(l32 - l64) <= LOSS * Math.abs(l64), what + ": loss " + l32 + " vs " + l64);
                        double rel = norm(minus(g32, g64)) / norm(g64);
                        assertTrue(rel <= GRADIENT, what + ": gradient differs by " + rel + " (relative L2)");
                        assertTrue(rel > 0, what + ": float32 gave the float64 gradient bit for bit: not float32");

                        double[][] y = new double[2][s64.batch().columns() * layout.outputSize];
                        forward(s64, theta, y[0], layout.outputSize);
                        forward(s32, theta, y[1], layout.outputSize);
                        double worst = 0;
                        for (int i = 0; i < y[0].length; i++) worst = Math.max(worst, Math.abs(y[0][i] - y[1][i]));
                        assertTrue(worst <= OUTPUT, what + ": outputs differ by " + worst);
                        checked.add(what);
                    }
                }
            }
        }
        assertEquals(24, checked.size());
    }

    @Test
    void theGeneratedKernelIsFloat32Throughout() {
        for (Class<?> c : new Class<?>[] {Workspace32.class, RnnKernel32.Exchange.class, BiRnnKernel32.Scratch.class,
                EncoderDecoderKernel32.Scratch.class}) {
            for (Field f : c.getDeclaredFields()) {
                assertTrue(f.getType() != double[].class, c.getSimpleName() + "." + f.getName() + " is double[]");
            }
        }
        RnnLayout layout = new RnnLayout(10, 16, 10, true);
        assertEquals(new Workspace(layout, 4, 8).bytes(), 2 * new Workspace32(layout, 4, 8).bytes());
    }

    /**
     * The bidirectional RNN and the encoder–decoder in float32 (their generated kernels) against float64 on the
     * same batches, within the same bounds: tagging and classification both ways, with the context fed or not.
     */
    @Test
    void bidirectionalAndEncoderDecoderMatchFloat64() {
        int[] lengths = {23, 17, 17, 9, 4, 1};
        List<String> checked = new ArrayList<>();
        RnnLayout layout = new RnnLayout(30, 40, 30, true);
        for (TargetMode mode : TargetMode.values()) {
            Network bi = Network.bidirectional(layout, Head.SOFTMAX_CROSS_ENTROPY, mode);
            compare(bi, bi.initialize(5, 1.0), s -> Problems.fill(s.batch(), lengths, 9), "bidirectional " + mode);
            checked.add("bidirectional " + mode);
        }
        for (boolean feed : new boolean[] {false, true}) {
            EncoderDecoderLayout ed = EncoderDecoderLayout.of(30, true, 40, 25, feed);
            compare(Network.encoderDecoder(ed), EncoderDecoderKernelTest.theta(ed, 6), s -> {
                java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
                int[] targets = {5, 9, 2, 12, 7, 3};
                for (int i = 0; i < lengths.length; i++) {
                    int q = s.source().addSequence(lengths[i]);
                    for (int t = 0; t < lengths[i]; t++) s.source().setToken(q, t, rng.nextInt(30));
                    int r = s.batch().addSequence(targets[i]);
                    for (int t = 0; t < targets[i]; t++) {
                        s.batch().setToken(r, t, rng.nextInt(25));
                        s.batch().setClassTarget(r, t, rng.nextInt(25));
                    }
                }
            }, "encoder-decoder feed=" + feed);
            checked.add("encoder-decoder " + feed);
        }
        assertEquals(4, checked.size());
    }

    private static void compare(Network net, double[] theta, java.util.function.Consumer<Network.Scratch> fill, String what) {
        Network.Scratch s64 = net.scratch(Blas.best(), 6, 24, Precision.FLOAT64);
        Network.Scratch s32 = net.scratch(Blas.best(), 6, 24, Precision.FLOAT32);
        fill.accept(s64);
        fill.accept(s32);
        double[] g64 = new double[theta.length];
        double[] g32 = new double[theta.length];
        double l64 = s64.lossAndGradient(theta, g64);
        double l32 = s32.lossAndGradient(theta, g32);
        assertTrue(Math.abs(l32 - l64) <= LOSS * Math.abs(l64), what + ": loss " + l32 + " vs " + l64);
        double rel = norm(minus(g32, g64)) / norm(g64);
        assertTrue(rel <= GRADIENT && rel > 0, what + ": gradient differs by " + rel + " (relative L2)");
        int k = net.layout().outputSize;
        List<double[]> y = new ArrayList<>();
        for (Network.Scratch s : List.of(s64, s32)) {
            s.clear();
            fill.accept(s);
            double[] out = new double[128 * k];   // every output slot of these batches
            s.forward(theta, (first, count, o) -> System.arraycopy(o, 0, out, first * k, count * k));
            y.add(out);
        }
        double worst = 0;
        for (int i = 0; i < y.get(0).length; i++) worst = Math.max(worst, Math.abs(y.get(0)[i] - y.get(1)[i]));
        assertTrue(worst <= OUTPUT, what + ": outputs differ by " + worst);
    }

    /**
     * A vanishing gradient (here a small V, and one target at the last step) reaches float32's subnormal
     * numbers after about 20 steps back (float64's only after about 150), and every product with them takes
     * the slow path of the BLAS (the encoder–decoder benchmark ran 3x slower). The kernel flushes them to zero:
     * without the flush this batch has over 200 subnormal values of dL/da.
     */
    @Test
    void vanishingGradientsAreFlushedNotSubnormal() {
        RnnLayout layout = new RnnLayout(10, 16, 10, true);
        float[] theta = new float[layout.size()];
        double[] t64 = Problems.theta(layout, 2);
        for (int i = 0; i < theta.length; i++) theta[i] = (float) t64[i];
        // a small V: dL/da shrinks about 100x a step going back from the last one
        for (int i = layout.offV(); i < layout.offV() + 16 * 16; i++) theta[i] = (float) (t64[i] / 100);
        SequenceBatch batch = new SequenceBatch(layout, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.LAST_STEP);
        Problems.fill(batch, new int[] {60, 60, 60, 60}, 3);
        batch.pack();
        Workspace32 ws = new Workspace32(layout, 4, 60);
        new RnnKernel32(layout, Blas.best()).lossAndGradient(theta, batch, null, new float[theta.length], ws);
        int zeros = 0;
        for (int i = 0; i < 60 * 4 * layout.hiddenSize; i++) {
            float v = Math.abs(ws.dh[i]);
            assertTrue(v == 0 || v >= Float.MIN_NORMAL, "subnormal dL/da " + v + " at " + i);
            if (v == 0) zeros++;
        }
        assertTrue(zeros > 0, "the gradient did not vanish: the test does not reach subnormals");
        assertTrue(zeros < 60 * 4 * layout.hiddenSize, "no gradient at all");
    }

    /** y^ of every output slot, in slot order. */
    private static void forward(Network.Scratch s, double[] theta, double[] y, int k) {
        s.batch().clear();
        Problems.fill(s.batch(), new int[] {23, 17, 17, 9, 4, 1}, 9);
        s.forward(theta, (first, count, out) -> System.arraycopy(out, 0, y, first * k, count * k));
    }

    private static double[] minus(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i] - b[i];
        return d;
    }

    private static double norm(double[] a) {
        double s = 0;
        for (double v : a) s += v * v;
        return Math.sqrt(s);
    }
}
