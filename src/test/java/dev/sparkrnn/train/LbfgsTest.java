package dev.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.data.CharVocabulary;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.SequenceBlock;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full-batch L-BFGS through MLlib/Breeze: it learns, it does not depend on the partitioning, it resumes exactly. */
class LbfgsTest {
    static List<EncodedSequence> data;
    static Network spec;

    @BeforeAll
    static void data() {
        CharVocabulary[] vocab = new CharVocabulary[1];
        data = TrainingData.lines(120, vocab);
        spec = Network.rnn(new RnnLayout(vocab[0].size(), 12, vocab[0].size(), true), Head.SOFTMAX_CROSS_ENTROPY,
                TargetMode.EVERY_STEP);
    }

    static TrainerConfig config(String checkpoints) {
        TrainerConfig.Builder b = TrainerConfig.builder().optimizer("lbfgs").epochs(8).slices(1).batchSize(16).window(20)
                .l2(1e-4).seed(3);
        if (checkpoints != null) b.checkpoints(checkpoints, 4, 2);
        return b.build();
    }

    static DistributedTrainer.Result run(int partitions, TrainerConfig config, long killAfter) {
        JavaSparkContext sc = LocalSpark.context();
        JavaRDD<EncodedSequence> rdd = DistributedTrainer.prepare(sc.parallelize(data, 2), partitions);
        try {
            return new DistributedTrainer(sc, spec, config).train(rdd, null, m -> {
                if (m.iteration() == killAfter) throw new ResumeTest.Killed();
            });
        } finally {
            rdd.unpersist(true);
        }
    }

    @Test
    void blocksRoundTrip() {
        double[] block = SequenceBlock.encode(data.subList(0, 5));
        List<EncodedSequence> back = SequenceBlock.decode(block, spec.layout().inputSize);
        for (int i = 0; i < 5; i++) {
            assertEquals(data.get(i).id, back.get(i).id);
            assertArrayEquals(data.get(i).tokens, back.get(i).tokens);
            assertArrayEquals(data.get(i).classes, back.get(i).classes);
        }
    }

    @Test
    void learnsAndIsIndependentOfPartitioning() {
        DistributedTrainer.Result one = run(1, config(null), -1);
        List<UpdateMetrics> h = one.history();
        assertEquals(8, h.size());
        assertTrue(h.get(h.size() - 1).loss() < 0.8 * h.get(0).loss(), "loss " + h.get(0).loss() + " -> "
                + h.get(h.size() - 1).loss());
        DistributedTrainer.Result three = run(3, config(null), -1);
        assertTrue(PartitionInvarianceTest.relativeDifference(one.theta(), three.theta()) <= 1e-9,
                "1 vs 3 partitions: " + PartitionInvarianceTest.relativeDifference(one.theta(), three.theta()));
    }

    @Test
    void resumesExactly(@TempDir Path tmp) {
        double[] uninterrupted = run(2, config(tmp.resolve("a").toUri().toString()), -1).theta();
        String dir = tmp.resolve("b").toUri().toString();
        assertThrows(ResumeTest.Killed.class, () -> run(2, config(dir), 6));   // checkpoint after iteration 4
        DistributedTrainer.Result resumed = run(2, config(dir), -1);
        assertTrue(resumed.resumed());
        assertEquals(5, resumed.history().get(0).iteration());
        assertArrayEquals(uninterrupted, resumed.theta(), 0.0);
    }
}
