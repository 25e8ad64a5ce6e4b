package dev.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.data.CharVocabulary;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * The distributed update does not depend on the partitioning: 1 and 4 partitions give the same parameters
 * after several updates (relative 1e-9), full batch and mini-batch, for each optimizer.
 */
class PartitionInvarianceTest {

    static double[] train(int partitions, TrainerConfig config, List<EncodedSequence> data, Network spec) {
        JavaSparkContext sc = LocalSpark.context();
        JavaRDD<EncodedSequence> rdd = DistributedTrainer.prepare(sc.parallelize(data, 3), partitions);
        assertEquals(partitions, rdd.getNumPartitions());
        try {
            DistributedTrainer.Result r = new DistributedTrainer(sc, spec, config).train(rdd, null, null);
            return r.theta();
        } finally {
            rdd.unpersist(true);
        }
    }

    static double relativeDifference(double[] a, double[] b) {
        double diff = 0, scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(a[i]));
        }
        return diff / scale;
    }

    @Test
    void onePartitionEqualsFourFullBatchAndMiniBatch() {
        CharVocabulary[] vocab = new CharVocabulary[1];
        List<EncodedSequence> data = TrainingData.lines(240, vocab);
        RnnLayout layout = new RnnLayout(vocab[0].size(), 24, vocab[0].size(), true);
        Network spec = Network.rnn(layout, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP);
        for (String optimizer : new String[] {"sgd", "adagrad", "rmsprop", "adam"}) {
            for (int slices : new int[] {1, 4}) {
                TrainerConfig config = TrainerConfig.builder().epochs(slices == 1 ? 4 : 2).slices(slices)
                        .batchSize(8).window(20).optimizer(optimizer).learningRate(optimizer.equals("sgd") ? 0.5 : 0.01)
                        .l2(1e-4).clipNorm(1.0).seed(11).build();
                double[] one = train(1, config, data, spec);
                double[] four = train(4, config, data, spec);
                double[] initial = new DistributedTrainer(LocalSpark.context(), spec, config).initialParameters();
                assertTrue(relativeDifference(initial, one) > 1e-3, optimizer + ": training did not move the parameters");
                double rel = relativeDifference(one, four);
                assertTrue(rel <= 1e-9, optimizer + " slices=" + slices + ": 1 vs 4 partitions differ by " + rel);
            }
        }
    }

    /**
     * float32: each partition's batches round differently, so 1 and 4 partitions agree to float32 round-off
     * (relative 1e-5 after 8 updates), not to float64's 1e-9.
     */
    @Test
    void float32OnePartitionEqualsFourToFloat32RoundOff() {
        CharVocabulary[] vocab = new CharVocabulary[1];
        List<EncodedSequence> data = TrainingData.lines(240, vocab);
        Network spec = Network.rnn(new RnnLayout(vocab[0].size(), 24, vocab[0].size(), true), Head.SOFTMAX_CROSS_ENTROPY,
                TargetMode.EVERY_STEP);
        TrainerConfig config = TrainerConfig.builder().epochs(2).slices(4).batchSize(8).window(20).optimizer("adam")
                .learningRate(0.01).clipNorm(1.0).seed(11).precision(dev.sparkrnn.kernel.Precision.FLOAT32).build();
        double[] one = train(1, config, data, spec);
        double[] four = train(4, config, data, spec);
        double rel = relativeDifference(one, four);
        assertTrue(rel <= 1e-5, "float32: 1 vs 4 partitions differ by " + rel);
        double[] initial = new DistributedTrainer(LocalSpark.context(), spec, config).initialParameters();
        assertTrue(relativeDifference(initial, one) > 1e-3, "training did not move the parameters");
    }

    /**
     * An update of few partitions runs as one direct job merged on the driver ({@link PartitionJob}); it gives
     * the parameters of mapPartitions + treeAggregate bit for bit in both precisions, and is chosen exactly where treeAggregate
     * would add no level.
     */
    @Test
    void theDirectJobEqualsTreeAggregate() {
        assertTrue(PartitionJob.flat(1, 2) && PartitionJob.flat(2, 2) && PartitionJob.flat(5, 2));
        assertTrue(!PartitionJob.flat(6, 2) && !PartitionJob.flat(100, 3) && PartitionJob.flat(100, 1));
        CharVocabulary[] vocab = new CharVocabulary[1];
        List<EncodedSequence> data = TrainingData.lines(120, vocab);
        Network spec = Network.rnn(new RnnLayout(vocab[0].size(), 16, vocab[0].size(), true), Head.SOFTMAX_CROSS_ENTROPY,
                TargetMode.EVERY_STEP);
        JavaSparkContext sc = LocalSpark.context();
        PackedSequences direct = DistributedTrainer.prepare(sc.parallelize(data, 2), 2);
        JavaRDD<EncodedSequence> viaTree = direct.map(r -> r);   // not packed: the treeAggregate path
        try {
            for (dev.sparkrnn.kernel.Precision p : dev.sparkrnn.kernel.Precision.values()) {
                TrainerConfig config = TrainerConfig.builder().epochs(2).slices(3).batchSize(8).window(20)
                        .optimizer("adam").learningRate(0.01).seed(2).precision(p).build();
                double[] a = new DistributedTrainer(sc, spec, config).train(direct, direct, null).theta();
                double[] b = new DistributedTrainer(sc, spec, config).train(viaTree, viaTree, null).theta();
                org.junit.jupiter.api.Assertions.assertArrayEquals(b, a, 0.0, p.setting());
            }
        } finally {
            direct.unpersist(true);
        }
    }

    @Test
    void bidirectionalOnePartitionEqualsFour() {
        CharVocabulary[] vocab = new CharVocabulary[1];
        List<EncodedSequence> data = TrainingData.lines(160, vocab);
        for (TargetMode mode : TargetMode.values()) for (dev.sparkrnn.kernel.Precision p : dev.sparkrnn.kernel.Precision.values()) {
            Network spec = Network.bidirectional(new RnnLayout(vocab[0].size(), 12, vocab[0].size(), true),
                    Head.SOFTMAX_CROSS_ENTROPY, mode);
            TrainerConfig config = TrainerConfig.builder().epochs(2).slices(3).batchSize(8).window(80)
                    .optimizer("adam").learningRate(0.01).l2(1e-4).seed(4).precision(p).build();
            double[] one = train(1, config, data, spec);
            double[] four = train(4, config, data, spec);
            assertEquals(spec.parameterCount(), one.length);
            double[] initial = new DistributedTrainer(LocalSpark.context(), spec, config).initialParameters();
            double moved = 0;
            for (int i = spec.layout().size(); i < one.length; i++) moved = Math.max(moved, Math.abs(one[i] - initial[i]));
            assertTrue(moved > 1e-3, mode + ": the backward RNN did not learn");
            double rel = relativeDifference(one, four);
            double bound = p == dev.sparkrnn.kernel.Precision.FLOAT64 ? 1e-9 : 1e-5;
            assertTrue(rel <= bound, "bidirectional " + mode + " " + p.setting() + ": 1 vs 4 partitions differ by " + rel);
        }
    }

    /** Pairs (a word, the word reversed) from the corpus: source and target vocabularies the characters. */
    static List<EncodedSequence> reversals(int count, CharVocabulary[] vocabOut) {
        List<EncodedSequence> lines = TrainingData.lines(count, vocabOut);
        List<EncodedSequence> pairs = new java.util.ArrayList<>();
        int v = vocabOut[0].size();
        for (EncodedSequence line : lines) {
            int n = Math.min(line.length, 3 + (int) (line.id % 9));   // source lengths 3..11
            int[] source = java.util.Arrays.copyOf(line.tokens, n);
            int[] target = new int[n];
            for (int t = 0; t < n; t++) target[t] = source[n - 1 - t];
            pairs.add(EncodedSequence.pair(line.id, source, target, v, v + 1));   // <s> = v, </s> = v + 1
        }
        return pairs;
    }

    @Test
    void encoderDecoderOnePartitionEqualsFour() {
        CharVocabulary[] vocab = new CharVocabulary[1];
        List<EncodedSequence> data = reversals(200, vocab);
        int v = vocab[0].size();
        for (boolean feed : new boolean[] {true, false}) for (dev.sparkrnn.kernel.Precision p : dev.sparkrnn.kernel.Precision.values()) {
            Network spec = Network.encoderDecoder(dev.sparkrnn.kernel.EncoderDecoderLayout.of(v, true, 16, v + 2, feed));
            TrainerConfig config = TrainerConfig.builder().epochs(3).slices(2).batchSize(8).window(8)
                    .optimizer("adam").learningRate(0.01).l2(1e-4).clipNorm(5).seed(6).precision(p).build();
            double[] one = train(1, config, data, spec);
            double[] four = train(4, config, data, spec);
            assertEquals(spec.parameterCount(), one.length);
            double[] initial = new DistributedTrainer(LocalSpark.context(), spec, config).initialParameters();
            double moved = 0;   // the encoder learns through the context
            for (int i = 0; i < ((dev.sparkrnn.kernel.EncoderDecoderNetwork) spec).encoder().size(); i++) moved = Math.max(moved, Math.abs(one[i] - initial[i]));
            assertTrue(moved > 1e-3, "the encoder did not learn");
            double rel = relativeDifference(one, four);
            double bound = p == dev.sparkrnn.kernel.Precision.FLOAT64 ? 1e-9 : 1e-5;
            assertTrue(rel <= bound, "encoder-decoder (context fed " + feed + ", " + p.setting() + "): 1 vs 4 partitions differ by "
                    + rel);
        }
    }
}
