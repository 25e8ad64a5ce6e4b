package dev.sparkrnn.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.persist.MiniHdfs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults on a standalone cluster, through {@code scripts/submit.sh}: a Worker JVM (and with it its executor)
 * killed in the middle of training, and a driver killed after a checkpoint in cluster and in client deploy
 * mode, whose rerun with the same command resumes from the checkpoint on HDFS. All end with the parameters,
 * bit for bit, of an undisturbed run of the same job.
 */
@ExtendWith(MiniHdfs.Resolver.class)
class StandaloneFaultsIT {
    static final Path DIR = SparkDistribution.ROOT.resolve("target/cluster-it/faults");
    static final Pattern UPDATE = Pattern.compile("^update\\s+(\\d+)\\s+epoch", Pattern.MULTILINE);
    static StagedJob data;
    static StandaloneCluster cluster;
    static byte[] undisturbed;

    @BeforeAll
    static void start(MiniHdfs mini) throws Exception {
        data = StagedJob.stage(mini, "faults", DIR);
        cluster = new StandaloneCluster(SparkDistribution.home(), DIR, 2, 1, "1500m");
        String out = data.root() + "/undisturbed";
        undisturbed = data.localModel(job("jobs/char-shakespeare.conf", out, "master=local[2]"), out);
    }

    @AfterAll
    static void stop() throws java.io.IOException {
        if (cluster != null) cluster.close();
        if (data != null) data.close();
    }

    /** Long enough to be interrupted: 80 updates, a checkpoint every 5, a lease of 5 s. */
    static String[] job(String conf, String output, String... sets) {
        List<String> all = new ArrayList<>(List.of("input=" + data.input(), "output=" + output, "hidden=32", "train.epochs=2",
                "train.slices=40", "validate.every=0", "partitions=2", "checkpoint.every=5", "lock.lease.seconds=5",
                "generate.length=20"));
        all.addAll(Arrays.asList(sets));
        return StagedJob.train(conf, all);
    }

    static List<String> submitCommand(List<String> submitArgs, String[] jobArgs) {
        return SparkDistribution.submitCommand(cluster.submitArgs(submitArgs.toArray(String[]::new)), jobArgs);
    }

    static Map<String, String> env() throws Exception {
        return SparkDistribution.submitEnvironment();
    }

    @Test
    void aWorkerKilledMidRunIsReplacedAndChangesNothing() throws Exception {
        String out = data.root() + "/worker-killed";
        Path log = DIR.resolve("worker-killed.log");
        long t0 = System.nanoTime();
        Process submit = Processes.start(submitCommand(List.of("--deploy-mode", "client"),
                job("jobs/char-shakespeare.conf", out)), env(), log);
        Processes.awaitLine(submit, log, l -> updateOf(l) >= 16, Duration.ofMinutes(3));
        Process victim = cluster.workers().get(1);
        Processes.kill(victim);   // the Worker and its executor
        System.out.printf("StandaloneFaultsIT: killed a Worker at update %d%n", lastUpdate(log));
        assertTrue(submit.waitFor(5, java.util.concurrent.TimeUnit.MINUTES), Processes.tail(log, 40));
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.printf("StandaloneFaultsIT: the run with a Worker killed took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertEquals(0, submit.exitValue(), output);
        assertTrue(output.contains("Lost executor") || output.contains("lost executor"), "Spark saw the executor go: " + output);
        assertArrayEquals(undisturbed, data.modelBytes(out), "the model of the undisturbed run, bit for bit");
        cluster.startWorker(1, "1500m");   // the cluster as it was, for the next test
    }

    @Test
    void aKilledDriverIsResumedFromItsCheckpointByTheSameCommand() throws Exception {
        String out = data.root() + "/driver-killed";
        List<String> command = submitCommand(List.of("--deploy-mode", "cluster", "--driver-memory", "700m"), job(data.jobFile(), out));
        Path log = DIR.resolve("driver-killed-1.log");
        long t0 = System.nanoTime();
        Process submit = startUntilCheckpoint(command, log, out);
        ProcessHandle driver = driverProcess().orElseThrow(() -> new AssertionError("no driver process"));
        driver.destroyForcibly();   // a crash: no shutdown, the lease is left behind
        assertTrue(submit.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), Processes.tail(log, 40));
        String first = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(1, submit.exitValue(), first);
        assertTrue(first.contains("ended FAILED"), first);
        Thread.sleep(6_000);   // the killed run's lease (5 s) runs out

        Processes.Finished again = Processes.run(command, env(), DIR.resolve("driver-killed-2.log"), Duration.ofMinutes(5));
        System.out.printf("StandaloneFaultsIT: the killed and resumed run took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertEquals(0, again.exit(), again.output());
        String driverOutput = StandaloneClusterIT.driverOutput(cluster, again);
        assertTrue(driverOutput.contains("resum"), driverOutput);
        assertArrayEquals(undisturbed, data.modelBytes(out), "the model of the undisturbed run, bit for bit");
    }

    /**
     * A scheduler's timeout in client mode: the driver (spark-submit's JVM, which submit.sh execs) is killed
     * with SIGKILL after a checkpoint; submit.sh's exit is 137 (128 + 9), and the same command rerun resumes.
     */
    @Test
    void aKilledClientModeDriverExits137AndTheRerunResumes() throws Exception {
        String out = data.root() + "/client-killed";
        List<String> command = submitCommand(List.of("--deploy-mode", "client"), job("jobs/char-shakespeare.conf", out));
        Path log = DIR.resolve("client-killed-1.log");
        long t0 = System.nanoTime();
        Process submit = startUntilCheckpoint(command, log, out);
        submit.destroyForcibly();
        assertTrue(submit.waitFor(1, java.util.concurrent.TimeUnit.MINUTES));
        assertEquals(137, submit.exitValue(), Processes.tail(log, 40));
        Thread.sleep(6_000);   // the killed run's lease (5 s) runs out
        Processes.Finished again = Processes.run(command, env(), DIR.resolve("client-killed-2.log"), Duration.ofMinutes(5));
        System.out.printf("StandaloneFaultsIT: the killed and resumed client-mode run took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertEquals(0, again.exit(), again.output());
        assertTrue(again.output().contains("resum"), again.output());
        assertArrayEquals(undisturbed, data.modelBytes(out), "the model of the undisturbed run, bit for bit");
    }

    /** Starts the submission and returns once OUTPUT has its first checkpoint on HDFS. */
    static Process startUntilCheckpoint(List<String> command, Path log, String out) throws Exception {
        Process submit = Processes.start(command, env(), log);
        org.apache.hadoop.fs.Path checkpoints = new org.apache.hadoop.fs.Path(out + "/checkpoints/v0001");
        long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (checkpointCount(checkpoints) == 0) {
            assertTrue(System.nanoTime() < end && submit.isAlive(), "no checkpoint was written: " + Processes.tail(log, 40));
            Thread.sleep(100);
        }
        return submit;
    }

    static int checkpointCount(org.apache.hadoop.fs.Path dir) throws Exception {
        if (!data.fs().exists(dir)) return 0;
        int n = 0;
        for (FileStatus s : data.fs().listStatus(dir)) if (s.getPath().getName().startsWith("ckpt-")) n++;
        return n;
    }

    /** The driver's JVM: a child of a Worker running Spark's DriverWrapper. */
    static Optional<ProcessHandle> driverProcess() {
        return cluster.workers().stream().flatMap(Process::descendants)
                .filter(h -> h.info().commandLine().orElse("").contains("org.apache.spark.deploy.worker.DriverWrapper"))
                .findFirst();
    }

    static int updateOf(String line) {
        Matcher m = UPDATE.matcher(line);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    static int lastUpdate(Path log) throws Exception {
        return Files.readAllLines(log).stream().mapToInt(StandaloneFaultsIT::updateOf).max().orElse(-1);
    }
}
