package dev.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.data.CharVocabulary;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.kernel.Blas;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Training on two executor JVMs (master {@code local-cluster}: a standalone master, two workers and one
 * executor process each, all on this machine) gives the parameters of {@code local[2]}: parameters, data
 * and gradients really cross process boundaries (serialized closures, broadcast, task results).
 *
 * <p>The executors are launched with this JVM's class path and JVM flags; Spark's launcher also needs the
 * environment variables SPARK_HOME (a directory with a jars/ folder, created here if missing) and
 * SPARK_SCALA_VERSION, which the surefire configuration in pom.xml sets. Group {@code multi-jvm}: not part of
 * the default {@code mvn test}; run with {@code mvn -B test -P multi-jvm}.
 */
@Tag("multi-jvm")
class MultiJvmTest {
    static final String MASTER = "local-cluster[2,1,1024]";
    static final int EXECUTORS = 2;

    static SparkConf clusterConf() throws IOException {
        String sparkHome = System.getenv("SPARK_HOME");
        String flags = System.getProperty("sparkrnn.jvm.flags");
        assertNotNull(sparkHome, "SPARK_HOME is not set: run through Maven (pom.xml's surefire configuration sets it)");
        assertNotNull(System.getenv("SPARK_SCALA_VERSION"), "SPARK_SCALA_VERSION is not set: run through Maven");
        assertNotNull(flags, "system property sparkrnn.jvm.flags is not set: run through Maven");
        Files.createDirectories(Path.of(sparkHome, "jars"));
        return new SparkConf().setMaster(MASTER).setAppName("spark-rnn-multi-jvm-test")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .set("spark.executor.extraJavaOptions", flags);
    }

    /** Waits until the executors have registered, so the first job's tasks (and the cached partitions) spread over them. */
    static void awaitExecutors(JavaSparkContext sc, int executors) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (sc.sc().statusTracker().getExecutorInfos().length < executors + 1) {   // + the driver
            assertTrue(System.nanoTime() < deadline, "executors did not register within 120 s");
            Thread.sleep(100);
        }
    }

    @Test
    void twoExecutorJvmsGiveTheParametersOfLocalMode() throws IOException, InterruptedException {
        CharVocabulary[] vocab = new CharVocabulary[1];
        List<EncodedSequence> data = TrainingData.lines(160, vocab);
        Network spec = Network.rnn(new RnnLayout(vocab[0].size(), 16, vocab[0].size(), true),
                Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP);
        // 2 partitions in both runs: the driver's sum of two partition results is exact in either order
        TrainerConfig config = TrainerConfig.builder().epochs(2).slices(2).batchSize(8).window(16).optimizer("adam")
                .learningRate(0.01).seed(13).build();

        double[] local = PartitionInvarianceTest.train(2, config, data, spec);
        double[] initial = new DistributedTrainer(LocalSpark.context(), spec, config).initialParameters();
        String driverPid = Long.toString(ProcessHandle.current().pid());

        // One SparkContext per JVM (Spark refuses a second): the next test that needs LocalSpark starts it again.
        LocalSpark.stop();
        long t0 = System.nanoTime();
        JavaSparkContext sc = new JavaSparkContext(clusterConf());
        double[] distributed;
        List<String> where;
        try {
            awaitExecutors(sc, EXECUTORS);
            System.out.printf("MultiJvmTest: %s up in %d ms%n", MASTER, (System.nanoTime() - t0) / 1_000_000);
            CollectionAccumulator<String> tasks = sc.sc().collectionAccumulator("tasks");
            JavaRDD<EncodedSequence> rdd = DistributedTrainer.prepare(sc.parallelize(data, 3), 2);
            JavaRDD<EncodedSequence> recorded = rdd.mapPartitions(it -> {
                tasks.add(SparkEnv.get().executorId() + " " + ProcessHandle.current().pid() + " " + Blas.best().name());
                return it;
            }, true);
            long t1 = System.nanoTime();
            distributed = new DistributedTrainer(sc, spec, config).train(recorded, null, null).theta();
            System.out.printf("MultiJvmTest: %d updates in %d ms%n", config.updates(), (System.nanoTime() - t1) / 1_000_000);
            where = List.copyOf(tasks.value());
        } finally {
            sc.stop();
        }

        // executor id, process id and BLAS of every task that computed a gradient
        System.out.println("MultiJvmTest: driver " + driverPid + " " + Blas.best().name() + "; tasks " + new TreeSet<>(where));
        assertEquals(config.updates() * 2, where.size(), where.toString());
        Set<String> pids = where.stream().map(s -> s.split(" ")[1]).collect(Collectors.toSet());
        assertEquals(EXECUTORS, pids.size(), "the tasks ran in " + pids.size() + " processes: " + where);
        assertFalse(pids.contains(driverPid), "a task ran in the driver's process: " + where);

        double rel = PartitionInvarianceTest.relativeDifference(local, distributed);
        System.out.printf("MultiJvmTest: local[2] vs %s relative difference %.3g%n", MASTER, rel);
        assertTrue(rel <= 1e-9, "local[2] and " + MASTER + " differ by " + rel);
        assertTrue(PartitionInvarianceTest.relativeDifference(initial, distributed) > 1e-3,
                "training did not move the parameters");
    }
}
