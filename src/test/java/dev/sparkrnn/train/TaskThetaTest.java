package dev.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.data.CharVocabulary;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.BlockId;
import org.junit.jupiter.api.Test;
import scala.runtime.AbstractFunction1;

/**
 * What an update sends: theta inside its tasks, and each task's gradient sum back, both in float32 when the
 * kernel computes in float32 (half the bytes, the same values the kernel uses), and no broadcast left behind.
 */
class TaskThetaTest {

    static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    static <T> T deserialize(byte[] b) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
            return (T) in.readObject();
        }
    }

    static double[] randomTheta(int n) {
        SplittableRandom rng = new SplittableRandom(5);
        double[] theta = new double[n];
        for (int i = 0; i < n; i++) theta[i] = rng.nextDouble(-2, 2);
        return theta;
    }

    @Test
    void float32ThetaTravelsInHalfTheBytesAsTheValuesTheKernelUses() throws Exception {
        double[] theta = randomTheta(10_000);
        byte[] wide = serialize(TaskTheta.of(LocalSpark.context(), theta, Precision.FLOAT64));
        byte[] narrow = serialize(TaskTheta.of(LocalSpark.context(), theta, Precision.FLOAT32));
        assertTrue(narrow.length < 0.51 * wide.length, narrow.length + " vs " + wide.length + " bytes");
        assertArrayEquals(theta, TaskThetaTest.<TaskTheta>deserialize(wide).value(), 0.0);
        double[] got = TaskThetaTest.<TaskTheta>deserialize(narrow).value();
        for (int i = 0; i < theta.length; i++) assertEquals((double) (float) theta[i], got[i], 0.0);
        TaskTheta copy = TaskTheta.of(LocalSpark.context(), theta, Precision.FLOAT64);
        theta[0] = 99;
        assertEquals(theta[1], copy.value()[1], 0.0);
        assertTrue(copy.value()[0] != 99, "the task's theta is a copy");
    }

    /** Parameters beyond what a task should carry get a broadcast of their own, which the update then removes. */
    @Test
    void largeParametersGetTheirOwnBroadcastAndItIsRemoved() throws Exception {
        JavaSparkContext sc = LocalSpark.context();
        double[] small = randomTheta((int) (TaskTheta.INLINE_MAX_BYTES / Double.BYTES));
        double[] large = randomTheta((int) (TaskTheta.INLINE_MAX_BYTES / Float.BYTES) + 1);
        assertTrue(!TaskTheta.of(sc, small, Precision.FLOAT64).broadcast());
        assertTrue(!TaskTheta.of(sc, small, Precision.FLOAT32).broadcast());
        for (Precision p : Precision.values()) {
            TaskTheta t = TaskTheta.of(sc, large, p);
            assertTrue(t.broadcast(), p.setting());
            assertTrue(serialize(t).length < 10_000, "the task carries the handle, not the values");
            double[] got = sc.parallelize(List.of(1), 1).map(i -> t.value()).collect().get(0);
            for (int i = 0; i < large.length; i += 997) {
                assertEquals(p == Precision.FLOAT64 ? large[i] : (double) (float) large[i], got[i], 0.0);
            }
            String name = "broadcast_" + t.broadcastId();
            assertTrue(blocks(sc, name) > 0);
            t.release();   // asynchronous, as Broadcast.destroy() is
            for (int i = 0; i < 100 && blocks(sc, name) > 0; i++) Thread.sleep(50);
            assertEquals(0, blocks(sc, name), "release removes the broadcast");
        }
    }

    @Test
    void aFloat32SumTravelsAsFloat32AndAFloat64SumExactly() throws Exception {
        for (boolean narrow : new boolean[] {false, true}) {
            GradientSum s = new GradientSum(10_000);
            System.arraycopy(randomTheta(10_000), 0, s.gradient, 0, 10_000);
            s.loss = 3.25;
            s.targets = 17;
            s.steps = 19;
            s.sequences = 2;
            s.kernelSeconds = 0.5;
            s.sendAsFloat32 = narrow;
            byte[] b = serialize(s);
            GradientSum r = deserialize(b);
            assertEquals(3.25, r.loss, 0.0);
            assertEquals(17, r.targets);
            assertEquals(19, r.steps);
            assertEquals(2, r.sequences);
            assertEquals(0.5, r.kernelSeconds, 0.0);
            for (int i = 0; i < s.gradient.length; i++) {
                assertEquals(narrow ? (double) (float) s.gradient[i] : s.gradient[i], r.gradient[i], 0.0);
            }
            assertTrue(narrow ? b.length < 45_000 : b.length > 80_000, b.length + " bytes");
        }
        assertEquals(0, TaskThetaTest.<GradientSum>deserialize(serialize(GradientSum.zero())).gradient.length);
    }

    /** Blocks of the broadcast named {@code name} (its value and its pieces). */
    private static int blocks(JavaSparkContext sc, String name) {
        return sc.env().blockManager().getMatchingBlockIds(new AbstractFunction1<BlockId, Object>() {
            @Override
            public Object apply(BlockId id) {
                return id.name().equals(name) || id.name().startsWith(name + "_");
            }
        }).size();
    }

    private static int broadcastBlocks(JavaSparkContext sc) {
        return sc.env().blockManager().getMatchingBlockIds(new AbstractFunction1<BlockId, Object>() {
            @Override
            public Object apply(BlockId id) {
                return id.isBroadcast();
            }
        }).size();
    }

    /**
     * Theta rides in each update's tasks, which Spark broadcasts with the job and removes when the job's stage
     * is collected: after many updates of a model whose task carries 350 KB, the broadcasts do not pile up.
     */
    @Test
    void updatesLeaveNoBroadcastBehind() throws InterruptedException {
        CharVocabulary[] vocab = new CharVocabulary[1];
        List<EncodedSequence> data = TrainingData.lines(60, vocab);
        Network spec = Network.rnn(new RnnLayout(vocab[0].size(), 256, vocab[0].size(), true),
                Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP);
        JavaSparkContext sc = LocalSpark.context();
        int before = broadcastBlocks(sc);
        int updates = 120;
        TrainerConfig config = TrainerConfig.builder().epochs(updates / 6).slices(6).batchSize(8).window(20)
                .optimizer("adam").learningRate(0.01).seed(3).precision(Precision.FLOAT32).build();
        PackedSequences rdd = DistributedTrainer.prepare(sc.parallelize(data, 2), 2);
        try {
            new DistributedTrainer(sc, spec, config).train(rdd, null, null);
        } finally {
            rdd.unpersist(true);
        }
        int left = Integer.MAX_VALUE;
        for (int i = 0; i < 100 && left > before + 10; i++) {
            System.gc();
            Thread.sleep(100);
            left = broadcastBlocks(sc);
        }
        assertTrue(left <= before + 10, left + " broadcast blocks after " + updates + " updates (" + before + " before)");
    }
}
