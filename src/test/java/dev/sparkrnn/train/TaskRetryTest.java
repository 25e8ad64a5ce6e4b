package dev.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.data.CharVocabulary;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that fails halfway through its partition, in the middle of training, is retried by Spark and the
 * run ends with exactly the parameters of a run without the failure: a task's partial gradient is thrown
 * away with it, nothing of it reaches the aggregate.
 */
class TaskRetryTest {
    static final int PARTITION = 1;
    /** The failure is injected in the job of this update (1-based). */
    static final int FAILING_UPDATE = 3;

    /** The injected failure. */
    static final class InjectedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFailure(String message) {
            super(message);
        }
    }

    /**
     * {@code data}, but the first attempt of {@code PARTITION} in the {@code FAILING_UPDATE}-th job that reads
     * it throws after half of its records; exactly one attempt in the whole run fails, because the failing
     * attempt must first create the marker file {@code failed}. Files in {@code dir} record what happened:
     * {@code stage-S} for every stage that read the partition, {@code failed} holding the failed stage,
     * {@code retry-S-A} for every attempt A > 0.
     */
    static JavaRDD<EncodedSequence> failingOnce(JavaRDD<EncodedSequence> data, String dir, int records) {
        return data.mapPartitions(it -> {
            TaskContext task = TaskContext.get();
            if (task.partitionId() != PARTITION) return it;
            Path d = Path.of(dir);
            touch(d.resolve("stage-" + task.stageId()));
            if (task.attemptNumber() > 0) touch(d.resolve("retry-" + task.stageId() + "-" + task.attemptNumber()));
            if (names(d, "stage-").size() != FAILING_UPDATE) return it;
            return new Iterator<EncodedSequence>() {
                int read;

                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public EncodedSequence next() {
                    if (read++ == records / 2 && touch(d.resolve("failed"))) {
                        write(d.resolve("failed"), Integer.toString(task.stageId()));
                        throw new InjectedFailure("injected failure in stage " + task.stageId() + ", partition "
                                + task.partitionId() + ", attempt " + task.attemptNumber() + " (TaskRetryTest)");
                    }
                    return it.next();
                }
            };
        }, true);
    }

    /** Creates the file atomically: true when this call created it. */
    static boolean touch(Path p) {
        try {
            Files.createFile(p);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path p, String s) {
        try {
            Files.writeString(p, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> names(Path dir, String prefix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void failedTaskIsRetriedAndTheParametersAreUnchanged(@TempDir Path tmp) throws IOException {
        CharVocabulary[] vocab = new CharVocabulary[1];
        List<EncodedSequence> data = TrainingData.lines(160, vocab);
        Network spec = Network.rnn(new RnnLayout(vocab[0].size(), 16, vocab[0].size(), true),
                Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP);
        // 2 partitions: the driver's sum of two partition results is exact whatever order they arrive in
        TrainerConfig config = TrainerConfig.builder().epochs(2).slices(3).batchSize(8).window(16).optimizer("adam")
                .learningRate(0.01).seed(3).build();
        JavaSparkContext sc = LocalSpark.context();
        JavaRDD<EncodedSequence> rdd = DistributedTrainer.prepare(sc.parallelize(data, 2), 2);
        try {
            DistributedTrainer.Result reference = new DistributedTrainer(sc, spec, config).train(rdd, null, null);

            int records = rdd.glom().collect().get(PARTITION).size();
            String dir = tmp.toString();
            DistributedTrainer.Result retried = new DistributedTrainer(sc, spec, config)
                    .train(failingOnce(rdd, dir, records), null, null);

            assertTrue(Files.exists(tmp.resolve("failed")), "no task failed: the test injected nothing");
            String failedStage = Files.readString(tmp.resolve("failed"));
            assertEquals(List.of("retry-" + failedStage + "-1"), names(tmp, "retry-"),
                    "Spark retries the failed task once, in the same stage, and no other");
            assertEquals(config.updates(), names(tmp, "stage-").size(), "one stage per update reads the partition");
            assertEquals(config.updates(), retried.history().size());
            assertArrayEquals(reference.theta(), retried.theta(), 0.0);
            assertTrue(PartitionInvarianceTest.relativeDifference(new DistributedTrainer(sc, spec, config).initialParameters(),
                    retried.theta()) > 1e-3, "training did not move the parameters");
        } finally {
            rdd.unpersist(true);
        }
    }
}
