package dev.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.kernel.Blas;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.evaluation.MulticlassMetrics;
import org.apache.spark.mllib.linalg.Matrix;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * {@link Confusion} on the executors counts what the network predicts: for a classifier (LAST_STEP) and a
 * tagger (EVERY_STEP, steps without a target not counted), its counts, accuracy and macro-F1 equal Spark MLlib's
 * {@link MulticlassMetrics} over (prediction, truth) pairs whose predictions were computed on the driver one
 * record at a time; 1 and 4 partitions give identical counts.
 */
class ConfusionTest {
    static final int D = 7, H = 10, K = 4, WINDOW = 5, BATCH = 8, RECORDS = 400;

    /** The argmax of y^ at every output slot of one record run alone (slot = step for EVERY_STEP, 0 for LAST_STEP). */
    static int[] predict(Network network, double[] theta, EncodedSequence record) {
        Network.Scratch scratch = network.scratch(Blas.best(), 1, WINDOW);
        record.addTo(scratch);
        int[] out = new int[network.mode() == TargetMode.EVERY_STEP ? record.length : 1];
        Arrays.fill(out, -1);
        scratch.forward(theta, (first, count, outputs) -> {
            for (int j = 0; j < count; j++) {
                int best = 0;
                for (int c = 1; c < K; c++) if (outputs[j * K + c] > outputs[j * K + best]) best = c;
                out[first + j] = best;
            }
        });
        return out;
    }

    static int[] tokens(SplittableRandom rng) {
        int[] x = new int[1 + rng.nextInt(12)];   // 1..12 steps: up to three windows of 5
        for (int t = 0; t < x.length; t++) x[t] = rng.nextInt(D);
        return x;
    }

    /** A label that is the model's (preliminary) prediction half the time, so both hits and misses are common. */
    static int label(SplittableRandom rng, int predicted) {
        return rng.nextBoolean() ? predicted : rng.nextInt(K);
    }

    /** Classified records and, for each, the driver's prediction. */
    record Labelled(List<EncodedSequence> records, List<Tuple2<Object, Object>> predictionAndTruth) {
    }

    static Labelled classified(Network network, double[] theta, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<EncodedSequence> records = new ArrayList<>();
        List<Tuple2<Object, Object>> pairs = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            int[] x = tokens(rng);
            int guess = predict(network, theta, EncodedSequence.classified(i, x, 0))[0];
            EncodedSequence r = EncodedSequence.classified(1000 + i, x, label(rng, guess));
            records.add(r);
            pairs.add(new Tuple2<>((double) predict(network, theta, r)[0], (double) r.classes[0]));
        }
        return new Labelled(records, pairs);
    }

    static Labelled tagged(Network network, double[] theta, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<EncodedSequence> records = new ArrayList<>();
        List<Tuple2<Object, Object>> pairs = new ArrayList<>();
        for (int i = 0; i < RECORDS / 4; i++) {
            int[] x = tokens(rng);
            int[] guess = predict(network, theta, EncodedSequence.tagged(i, x, new int[x.length]));
            int[] y = new int[x.length];
            for (int t = 0; t < x.length; t++) y[t] = rng.nextInt(4) == 0 ? -1 : label(rng, guess[t]);
            EncodedSequence r = EncodedSequence.tagged(i, x, y);
            records.add(r);
            int[] p = predict(network, theta, r);
            for (int t = 0; t < x.length; t++) {
                assertTrue(p[t] >= 0, "no output at step " + t);
                if (y[t] >= 0) pairs.add(new Tuple2<>((double) p[t], (double) y[t]));
            }
        }
        return new Labelled(records, pairs);
    }

    /** Confusion against MulticlassMetrics over the same (prediction, truth) pairs. */
    static void assertAgreesWithMllib(JavaSparkContext sc, Confusion c, List<Tuple2<Object, Object>> pairs) {
        // MLlib's labels are the classes occurring as truth, Confusion's macro-F1 averages over classes occurring
        // as truth or prediction: the data have every class as truth, so the two sets are the same (all K)
        boolean[] truth = new boolean[K], predicted = new boolean[K];
        for (Tuple2<Object, Object> p : pairs) {
            predicted[(int) (double) (Double) p._1()] = true;
            truth[(int) (double) (Double) p._2()] = true;
        }
        int predictedClasses = 0;
        for (int k = 0; k < K; k++) {
            assertTrue(truth[k], "class " + k + " never occurs as truth");
            if (predicted[k]) predictedClasses++;
        }
        assertTrue(predictedClasses >= 3, "the model predicts only " + predictedClasses + " classes: a weak test");

        JavaRDD<Tuple2<Object, Object>> rdd = sc.parallelize(pairs, 3);
        MulticlassMetrics m = new MulticlassMetrics(rdd.rdd());
        assertArrayEquals(new double[] {0, 1, 2, 3}, m.labels(), 0.0);
        assertEquals(K, c.classes);
        assertEquals(pairs.size(), c.total(), "every target counted once");
        Matrix cm = m.confusionMatrix();   // rows: truth, columns: prediction, in label order
        for (int t = 0; t < K; t++) {
            for (int p = 0; p < K; p++) {
                assertEquals(cm.apply(t, p), (double) c.counts[t * K + p], 0.0, "truth " + t + ", predicted " + p);
            }
        }
        assertEquals(m.accuracy(), c.accuracy(), 1e-12);
        double f1 = 0;
        for (double label : m.labels()) f1 += m.fMeasure(label);
        f1 /= m.labels().length;
        assertEquals(f1, c.macroF1(), 1e-12);
        // neither trivially right nor trivially wrong
        assertTrue(c.accuracy() > 0.2 && c.accuracy() < 0.9, "accuracy " + c.accuracy());
    }

    @Test
    void classifierCountsEqualMllibOnDriverPredictions() {
        JavaSparkContext sc = LocalSpark.context();
        Network network = Network.rnn(new RnnLayout(D, H, K, true), Head.SOFTMAX_CROSS_ENTROPY, TargetMode.LAST_STEP);
        double[] theta = network.initialize(5, 1.0);
        Labelled data = classified(network, theta, 17);
        Confusion four = Confusion.of(sc, network, theta, sc.parallelize(data.records(), 4), BATCH, WINDOW);
        assertAgreesWithMllib(sc, four, data.predictionAndTruth());
        assertEquals(RECORDS, four.total());
        Confusion one = Confusion.of(sc, network, theta, sc.parallelize(data.records(), 1), BATCH, WINDOW);
        assertArrayEquals(four.counts, one.counts, "1 and 4 partitions");
    }

    @Test
    void taggerCountsEveryStepWithATargetAndSkipsTheOthers() {
        JavaSparkContext sc = LocalSpark.context();
        Network network = Network.rnn(new RnnLayout(D, H, K, true), Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP);
        double[] theta = network.initialize(8, 1.0);
        Labelled data = tagged(network, theta, 23);
        long steps = 0;
        for (EncodedSequence r : data.records()) steps += r.length;
        assertTrue(data.predictionAndTruth().size() < steps * 0.9, "too few steps without a target");
        Confusion four = Confusion.of(sc, network, theta, sc.parallelize(data.records(), 4), BATCH, WINDOW);
        assertAgreesWithMllib(sc, four, data.predictionAndTruth());
        Confusion one = Confusion.of(sc, network, theta, sc.parallelize(data.records(), 1), BATCH, WINDOW);
        assertArrayEquals(four.counts, one.counts, "1 and 4 partitions");
        assertUnknownWordsCounted(network, theta, data, four);
    }

    /** The same for a bidirectional tagger: its outputs are counted at the steps of their words, unknown ones apart. */
    @Test
    void bidirectionalTaggerCountsUnknownWordsAtTheirSteps() {
        JavaSparkContext sc = LocalSpark.context();
        Network network = Network.bidirectional(new RnnLayout(D, H, K, true), Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP);
        double[] theta = network.initialize(9, 1.0);
        Labelled data = tagged(network, theta, 29);
        Confusion four = Confusion.of(sc, network, theta, sc.parallelize(data.records(), 4), BATCH, WINDOW);
        assertAgreesWithMllib(sc, four, data.predictionAndTruth());
        assertUnknownWordsCounted(network, theta, data, four);
    }

    /** The targets at word 0 ({@code <unk>}) and those predicted right, as the driver's predictions count them. */
    static void assertUnknownWordsCounted(Network network, double[] theta, Labelled data, Confusion c) {
        long targets = 0, right = 0;
        for (EncodedSequence r : data.records()) {
            int[] p = predict(network, theta, r);
            for (int t = 0; t < r.length; t++) {
                if (r.classes[t] < 0 || r.tokens[t] != 0) continue;
                targets++;
                if (p[t] == r.classes[t]) right++;
            }
        }
        assertTrue(targets > 20 && right > 0 && right < targets, targets + " targets at unknown words, " + right + " right");
        assertEquals(targets, c.unknownTargets);
        assertEquals(right, c.unknownRight);
        assertEquals((double) right / targets, c.unknownWordAccuracy(), 1e-12);
    }
}
