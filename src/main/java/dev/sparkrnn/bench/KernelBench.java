package dev.sparkrnn.bench;

import dev.sparkrnn.kernel.BiRnnKernel;
import dev.sparkrnn.kernel.BidirectionalNetwork;
import dev.sparkrnn.kernel.EncoderDecoderLayout;
import dev.sparkrnn.kernel.Blas;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.Initializer;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.kernel.RnnKernel;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.SequenceBatch;
import dev.sparkrnn.kernel.TargetMode;
import dev.sparkrnn.kernel.Workspace;
import dev.sparkrnn.optim.Adagrad;
import dev.sparkrnn.optim.Clipping;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Single-thread training throughput of the kernel, the same protocol as the PyTorch peer
 * ({@code bench_torch.py}): one step = zero the gradient, forward + BPTT with softmax cross-entropy at
 * every step, clip the global norm to 5, Adagrad (lr 0.1). Throughput = batch x length x steps / s, the
 * median of three timed runs after a warm-up. Prints one JSON line per config and writes them all to
 * the file given as the first argument.
 *
 * <pre>A: one-hot D=K=65, H=100, T=25, B=1;  B: one-hot D=K=65, H=256, T=50, B=32;
 * C: dense D=128, K=128, H=512, T=100, B=64;  B-bidirectional: B's sizes, a bidirectional RNN
 * (GFLOP/s counts both directions);  B-encoder-decoder: B's sizes and batch, an encoder over 25 source steps
 * and a decoder over 25 target steps with the context fed each step (a step is a step of either RNN)</pre>
 */
public final class KernelBench {
    record Config(String name, int d, int k, int h, int t, int b, boolean oneHot, boolean bidirectional) { }

    static final List<Config> CONFIGS = List.of(
            new Config("A", 65, 65, 100, 25, 1, true, false),
            new Config("B", 65, 65, 256, 50, 32, true, false),
            new Config("C", 128, 128, 512, 100, 64, false, false),
            new Config("B-bidirectional", 65, 65, 256, 50, 32, true, true),
            new Config("B-encoder-decoder", 65, 65, 256, 50, 32, true, false));

    public static void main(String[] args) throws IOException {
        Path outFile = args.length > 0 ? Path.of(args[0]) : null;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3.0;
        List<String> only = args.length > 2 ? Arrays.asList(args[2].split(","))
                : List.of("A", "B", "C", "B-bidirectional", "B-encoder-decoder");
        List<String> dtypes = args.length > 3 ? Arrays.asList(args[3].split(",")) : List.of("float64", "float32");
        List<String> lines = new ArrayList<>();
        for (Config c : CONFIGS) {
            if (!only.contains(c.name)) continue;
            for (String dtype : dtypes) {
                boolean float32 = dtype.equals("float32");
                String json = c.name.endsWith("encoder-decoder") ? runEncoderDecoder(c, seconds, Precision.of(dtype))
                        : float32 ? runFloat32(c, seconds) : run(c, seconds);
                System.out.println(json);
                lines.add(json);
            }
        }
        if (outFile != null) {
            if (outFile.getParent() != null) Files.createDirectories(outFile.getParent());
            Files.write(outFile, lines);
        }
    }

    /** Adds the config's batch of random tokens (or Gaussian features) and targets to {@code batch}. */
    static void fill(Config c, SequenceBatch batch) {
        SplittableRandom rng = new SplittableRandom(0);
        double[] x = new double[c.d];
        for (int b = 0; b < c.b; b++) {
            int s = batch.addSequence(c.t);
            for (int t = 0; t < c.t; t++) {
                if (c.oneHot) {
                    batch.setToken(s, t, rng.nextInt(c.d));
                } else {
                    for (int i = 0; i < c.d; i++) x[i] = gaussian(rng);
                    batch.setFeatures(s, t, x, 0);
                }
                batch.setClassTarget(s, t, rng.nextInt(c.k));
            }
        }
    }

    /** One JSON line of results. */
    static String row(Config c, String dtype, double rate, double flopsPerStep, double workspaceBytes) {
        return String.format(Locale.ROOT,
                "{\"impl\":\"spark-rnn-kernel\",\"config\":\"%s\",\"dtype\":\"%s\",\"threads\":1,\"blas\":\"%s\","
                        + "\"steps_per_s\":%d,\"gflops\":%.2f,\"workspace_mb\":%.2f,\"peak_heap_mb\":%.1f}",
                c.name, dtype, Blas.best().name(), Math.round(rate), rate * flopsPerStep / 1e9, workspaceBytes / 1e6,
                peakHeapMb());
    }

    static String run(Config c, double seconds) {
        RnnLayout layout = new RnnLayout(c.d, c.h, c.k, c.oneHot);
        SequenceBatch batch = new SequenceBatch(layout, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP);
        fill(c, batch);
        batch.pack();
        double[] theta = c.bidirectional ? BidirectionalNetwork.initialize(layout, 1, 1.0) : Initializer.initialize(layout, 1, 1.0);
        RnnKernel kernel = new RnnKernel(layout, Blas.best());
        Workspace ws = new Workspace(layout, c.b, c.t);
        BiRnnKernel bi = new BiRnnKernel(layout, Blas.best());
        BiRnnKernel.Scratch biScratch = c.bidirectional
                ? new BiRnnKernel.Scratch(layout, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP, c.b, c.t) : null;
        Runnable step = trainingStep(theta, grad -> c.bidirectional ? bi.lossAndGradient(theta, batch, grad, biScratch)
                : kernel.lossAndGradient(theta, batch, null, grad, ws));
        double rate = medianRate(step, (double) c.t * c.b, seconds);
        return row(c, "float64", rate, layout.flopsPerStep() * (c.bidirectional ? 2 : 1), ws.bytes());
    }

    /**
     * The float32 path as the trainer runs it, through the network's float32 scratch: the batch packed, float64
     * parameters rounded to float32, the generated {@code RnnKernel32}, its float32 gradient added into float64;
     * then clip and Adagrad in float64. The scratch's bytes include its float32 copies of theta and the gradient.
     */
    static String runFloat32(Config c, double seconds) {
        RnnLayout layout = new RnnLayout(c.d, c.h, c.k, c.oneHot);
        Network net = c.bidirectional ? Network.bidirectional(layout, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP)
                : Network.rnn(layout, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP);
        Network.Scratch scratch = net.scratch(Blas.best(), c.b, c.t, Precision.FLOAT32);
        fill(c, scratch.batch());
        double[] theta = net.initialize(1, 1.0);
        double rate = medianRate(trainingStep(theta, grad -> scratch.lossAndGradient(theta, grad)), (double) c.t * c.b, seconds);
        return row(c, "float32", rate, layout.flopsPerStep() * (c.bidirectional ? 2 : 1), scratch.bytes());
    }

    /**
     * One training step of the protocol (as ../shared/bench/bench_torch.py): the loss and its gradient into a
     * zeroed buffer, clip 5, Adagrad 0.1 on {@code theta}.
     */
    static Runnable trainingStep(double[] theta, java.util.function.ToDoubleFunction<double[]> lossAndGradient) {
        double[] grad = new double[theta.length];
        Adagrad opt = new Adagrad(theta.length, 1e-10);
        return () -> {
            Arrays.fill(grad, 0.0);
            double loss = lossAndGradient.applyAsDouble(grad);
            if (!Double.isFinite(loss)) throw new IllegalStateException("loss " + loss);
            Clipping.clipByGlobalNormInPlace(grad, 5.0);
            opt.step(theta, grad, 0.1);
        };
    }

    /** Time steps per second of {@code step} (stepsPerCall each): the median of three timed runs after a warm-up. */
    static double medianRate(Runnable step, double stepsPerCall, double seconds) {
        long warmEnd = System.nanoTime() + (long) (Math.max(1.0, seconds / 2) * 1e9);
        while (System.nanoTime() < warmEnd) step.run();
        double[] rates = new double[3];
        for (int r = 0; r < 3; r++) {
            long t0 = System.nanoTime();
            long n = 0;
            while (System.nanoTime() - t0 < seconds * 1e9) {
                step.run();
                n++;
            }
            rates[r] = n * stepsPerCall / ((System.nanoTime() - t0) / 1e9);
        }
        Arrays.sort(rates);
        return rates[1];
    }

    /**
     * The encoder–decoder on B's sizes (half of each pair's 50 steps in the encoder, half in the decoder), through
     * its network's scratch (as the trainer runs it) in {@code precision}.
     */
    static String runEncoderDecoder(Config c, double seconds, Precision precision) {
        int s = c.t / 2, t = c.t - s;
        EncoderDecoderLayout layout = EncoderDecoderLayout.of(c.d, true, c.h, c.k, true);
        Network net = Network.encoderDecoder(layout);
        Network.Scratch scratch = net.scratch(Blas.best(), c.b, Math.max(s, t), precision);
        SplittableRandom rng = new SplittableRandom(0);
        SequenceBatch source = scratch.source(), target = scratch.batch();
        for (int b = 0; b < c.b; b++) {
            int q = source.addSequence(s);
            for (int i = 0; i < s; i++) source.setToken(q, i, rng.nextInt(c.d));
            int p = target.addSequence(t);
            for (int i = 0; i < t; i++) {
                target.setToken(p, i, rng.nextInt(c.k));
                target.setClassTarget(p, i, rng.nextInt(c.k));
            }
        }
        double[] theta = net.initialize(1, 1.0);
        double rate = medianRate(trainingStep(theta, grad -> scratch.lossAndGradient(theta, grad)), (double) c.t * c.b, seconds);
        // flops per pair: the encoder's steps have no output layer; C c once per pair
        double flopsPerPair = s * layout.encoder.flopsPerStep() + t * layout.decoder.flopsPerStep() + 6.0 * c.h * c.h;
        return String.format(Locale.ROOT,
                "{\"impl\":\"spark-rnn-kernel\",\"config\":\"%s\",\"dtype\":\"%s\",\"threads\":1,\"blas\":\"%s\","
                        + "\"steps_per_s\":%d,\"gflops\":%.2f,\"workspace_mb\":%.2f,\"peak_heap_mb\":%.1f}",
                c.name, precision.setting(), Blas.best().name(), Math.round(rate), rate / c.t * flopsPerPair / 1e9,
                scratch.bytes() / 1e6, peakHeapMb());
    }

    static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /** Sum of the peak usage of the heap memory pools since the JVM started. */
    static double peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        return peak / 1e6;
    }
}
