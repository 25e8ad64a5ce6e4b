package dev.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.data.CharVocabulary;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled reruns lose nothing: a run killed after a checkpoint and started again with the same command
 * resumes and ends with exactly the parameters of an uninterrupted run; a corrupt newest checkpoint falls
 * back to the previous one; a NaN loss stops training and keeps the last good checkpoint.
 */
class ResumeTest {
    static List<EncodedSequence> data;
    static Network spec;

    @BeforeAll
    static void data() {
        CharVocabulary[] vocab = new CharVocabulary[1];
        data = TrainingData.lines(160, vocab);
        spec = Network.rnn(new RnnLayout(vocab[0].size(), 16, vocab[0].size(), true), Head.SOFTMAX_CROSS_ENTROPY,
                TargetMode.EVERY_STEP);
    }

    /** Simulates a kill: the listener throws after the given update. */
    static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    static TrainerConfig config(String dir) {
        // 2 partitions: the driver's sum of two partition results is exact whatever order they arrive in
        return TrainerConfig.builder().epochs(3).slices(4).batchSize(8).window(16).optimizer("adam")
                .learningRate(0.01).seed(5).checkpoints(dir, 3, 2).build();
    }

    static DistributedTrainer.Result run(TrainerConfig config, long killAfter) {
        return run(config, killAfter, data, spec);
    }

    static DistributedTrainer.Result run(TrainerConfig config, long killAfter, List<EncodedSequence> data, Network spec) {
        JavaSparkContext sc = LocalSpark.context();
        JavaRDD<EncodedSequence> rdd = DistributedTrainer.prepare(sc.parallelize(data, 2), 2);
        try {
            return new DistributedTrainer(sc, spec, config).train(rdd, null, m -> {
                if (m.iteration() == killAfter) throw new Killed();
            });
        } finally {
            rdd.unpersist(true);
        }
    }

    @Test
    void encoderDecoderResumesToTheSameParameters(@TempDir Path tmp) {
        CharVocabulary[] vocab = new CharVocabulary[1];
        List<EncodedSequence> pairs = PartitionInvarianceTest.reversals(120, vocab);
        int v = vocab[0].size();
        Network ed = Network.encoderDecoder(dev.sparkrnn.kernel.EncoderDecoderLayout.of(v, true, 12, v + 2, true));
        double[] uninterrupted = run(config(tmp.resolve("a").toUri().toString()), -1, pairs, ed).theta();
        String dir = tmp.resolve("b").toUri().toString();
        assertThrows(Killed.class, () -> run(config(dir), 7, pairs, ed));
        DistributedTrainer.Result resumed = run(config(dir), -1, pairs, ed);
        assertTrue(resumed.resumed());
        assertEquals(7, resumed.history().get(0).iteration());
        assertArrayEquals(uninterrupted, resumed.theta(), 0.0);
        // a checkpoint of one model is never resumed by another
        IllegalStateException other = assertThrows(IllegalStateException.class, () -> run(config(dir), -1, data, spec));
        assertTrue(other.getMessage().contains("another model or configuration"), other.getMessage());
    }

    @Test
    void killedRunResumesToTheSameParameters(@TempDir Path tmp) {
        double[] uninterrupted = run(config(tmp.resolve("a").toUri().toString()), -1).theta();

        String dir = tmp.resolve("b").toUri().toString();
        assertThrows(Killed.class, () -> run(config(dir), 7));   // checkpoints at 3 and 6; update 7 is lost
        DistributedTrainer.Result resumed = run(config(dir), -1);
        assertTrue(resumed.resumed());
        assertEquals(6, resumed.history().size(), "updates 7..12 are run again");
        assertEquals(7, resumed.history().get(0).iteration());
        assertArrayEquals(uninterrupted, resumed.theta(), 0.0);

        // a rerun after success is a no-op: nothing left to do, same parameters
        DistributedTrainer.Result again = run(config(dir), -1);
        assertTrue(again.history().isEmpty());
        assertArrayEquals(uninterrupted, again.theta(), 0.0);
    }

    @Test
    void float32ResumesBitForBitAndRefusesAFloat64Checkpoint(@TempDir Path tmp) {
        TrainerConfig f32 = config(tmp.resolve("a").toUri().toString()).toBuilder()
                .precision(dev.sparkrnn.kernel.Precision.FLOAT32).build();
        double[] uninterrupted = run(f32, -1).theta();
        double[] float64 = run(config(tmp.resolve("c").toUri().toString()), -1).theta();
        double rel = PartitionInvarianceTest.relativeDifference(float64, uninterrupted);
        assertTrue(rel > 0 && rel < 1e-3, "float32 vs float64 after 12 updates: " + rel);

        String dir = tmp.resolve("b").toUri().toString();
        TrainerConfig killed = f32.toBuilder().checkpoints(dir, 3, 2).build();
        assertThrows(Killed.class, () -> run(killed, 7));
        DistributedTrainer.Result resumed = run(killed, -1);
        assertTrue(resumed.resumed());
        assertArrayEquals(uninterrupted, resumed.theta(), 0.0);
        // the checkpoint records the precision: a float64 run does not resume it
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> run(config(dir), -1));
        assertTrue(e.getMessage().contains("precision=FLOAT32"), e.getMessage());
    }

    @Test
    void timeBudgetStopsWithACheckpointAndReRunsFinishTheJob(@TempDir Path tmp) {
        double[] uninterrupted = run(config(tmp.resolve("a").toUri().toString()), -1).theta();
        TrainerConfig budget = config(tmp.resolve("b").toUri().toString()).toBuilder().maxSeconds(1e-9).build();
        DistributedTrainer.Result first = run(budget, -1);
        assertFalse(first.complete());
        assertEquals(1, first.history().size(), "stops after the first update");
        int runs = 1;
        DistributedTrainer.Result r = first;
        while (!r.complete()) {
            r = run(budget, -1);
            assertTrue(r.resumed());
            runs++;
        }
        assertEquals(12, runs, "one update per run");
        assertArrayEquals(uninterrupted, r.theta(), 0.0);
    }

    @Test
    void earlyStoppingKeepsTheBestParametersAndSurvivesAResume(@TempDir Path tmp) {
        JavaSparkContext sc = LocalSpark.context();
        JavaRDD<EncodedSequence> train = DistributedTrainer.prepare(sc.parallelize(data.subList(0, 120), 2), 2);
        JavaRDD<EncodedSequence> validation = sc.parallelize(data.subList(120, 160), 2);
        // a step this large makes the validation loss bounce, so patience runs out
        TrainerConfig config = config(tmp.toUri().toString()).toBuilder().epochs(10).learningRate(0.2)
                .validateEvery(1).patience(2).checkpoints(tmp.toUri().toString(), 1, 2).build();
        try {
            DistributedTrainer trainer = new DistributedTrainer(sc, spec, config);
            DistributedTrainer.Result r = trainer.train(train, validation, null);
            assertTrue(r.stoppedEarly(), "did not stop early in " + r.updates() + " updates");
            assertTrue(r.updates() < config.updates());
            double min = r.history().stream().mapToDouble(UpdateMetrics::validationLoss).min().orElseThrow();
            assertEquals(min, r.bestValidationLoss(), 0.0);
            assertEquals(min, r.history().get((int) r.bestUpdate() - 1).validationLoss(), 0.0);
            assertEquals(r.bestValidationLoss(), trainer.evaluate(validation, r.best()), 1e-12);
            // the rerun of a job that stopped early does nothing and returns the same best parameters
            DistributedTrainer.Result again = trainer.train(train, validation, null);
            assertTrue(again.history().isEmpty());
            assertTrue(again.complete());
            assertArrayEquals(r.best(), again.best(), 0.0);
        } finally {
            train.unpersist(true);
        }
    }

    @Test
    void corruptNewestCheckpointFallsBackToThePreviousOne(@TempDir Path tmp) throws IOException {
        double[] uninterrupted = run(config(tmp.resolve("a").toUri().toString()), -1).theta();
        Path dir = tmp.resolve("b");
        assertThrows(Killed.class, () -> run(config(dir.toUri().toString()), 7));
        Path newest;
        try (Stream<Path> files = Files.list(dir)) {
            newest = files.filter(p -> p.getFileName().toString().startsWith("ckpt-")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x5A);
        }
        DistributedTrainer.Result resumed = run(config(dir.toUri().toString()), -1);
        assertEquals(4, resumed.history().get(0).iteration(), "resumed from update 3, the previous good checkpoint");
        assertArrayEquals(uninterrupted, resumed.theta(), 0.0);
    }

    @Test
    void nanLossStopsTrainingAndKeepsTheLastGoodCheckpoint(@TempDir Path tmp) throws IOException {
        String dir = tmp.toUri().toString();
        // a learning rate this large overflows the parameters, and the loss turns NaN, within a few updates
        TrainerConfig exploding = config(dir).toBuilder().optimizer("sgd").momentum(0).learningRate(1e308).clipNorm(0)
                .checkpoints(dir, 1, 2).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> run(exploding, -1));
        assertTrue(e.getMessage().contains("diverged at update"), e.getMessage());
        assertTrue(e.getMessage().contains("last good checkpoint"), e.getMessage());
        try (Stream<Path> files = Files.list(tmp)) {
            assertFalse(files.noneMatch(p -> p.getFileName().toString().startsWith("ckpt-")), "no checkpoint kept");
        }
        var latest = new dev.sparkrnn.persist.CheckpointStore(LocalSpark.context().hadoopConfiguration(), dir, 2).latest();
        assertTrue(latest.isPresent());
        for (double v : latest.get().params()) assertTrue(Double.isFinite(v), "checkpoint holds a non-finite parameter");
    }
}
