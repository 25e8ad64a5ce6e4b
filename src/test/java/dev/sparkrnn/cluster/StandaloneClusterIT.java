package dev.sparkrnn.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.persist.MiniHdfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's cluster command, {@code scripts/submit.sh}, against a real standalone cluster (a Master and two
 * Workers, each its own JVM) with input and output on HDFS: in client and in cluster deploy mode the model is
 * written, loads, and has the parameters, bit for bit, of the same job on {@code local[2]} with the same
 * partitions; the executors' logs say which BLAS their kernel ran on.
 */
@ExtendWith(MiniHdfs.Resolver.class)
class StandaloneClusterIT {
    static final Path DIR = SparkDistribution.ROOT.resolve("target/cluster-it/standalone");
    static StagedJob data;
    static StandaloneCluster cluster;
    static byte[] local;

    @BeforeAll
    static void start(MiniHdfs mini) throws Exception {
        data = StagedJob.stage(mini, "standalone", DIR);
        long t0 = System.nanoTime();
        cluster = new StandaloneCluster(SparkDistribution.home(), DIR, 2, 1, "1500m");
        System.out.printf("StandaloneClusterIT: Master and 2 Workers up in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        String out = data.root() + "/local";
        local = data.localModel(job("jobs/char-shakespeare.conf", out, "master=local[2]"), out);
    }

    @AfterAll
    static void stop() throws IOException {
        if (cluster != null) cluster.close();
        if (data != null) data.close();
    }

    /** The job's arguments: a small model, one epoch of three updates, two partitions. */
    static String[] job(String conf, String output, String... sets) {
        return jobOn(data.input(), conf, output, sets);
    }

    static String[] jobOn(String input, String conf, String output, String... sets) {
        List<String> all = new ArrayList<>(List.of("input=" + input, "output=" + output, "hidden=16", "train.epochs=1",
                "train.slices=3", "validate.every=0", "partitions=2", "generate.length=40"));
        all.addAll(Arrays.asList(sets));
        return StagedJob.train(conf, all);
    }

    static Processes.Finished submit(String name, List<String> submitArgs, String... jobArgs) throws Exception {
        List<String> command = SparkDistribution.submitCommand(cluster.submitArgs(submitArgs.toArray(String[]::new)), jobArgs);
        return Processes.runTimed("StandaloneClusterIT", name, command, SparkDistribution.submitEnvironment(),
                DIR.resolve(name + ".log"), Duration.ofMinutes(5));
    }

    @Test
    void clientModeTrainsTheModelOfLocalMode() throws Exception {
        String out = data.root() + "/client";
        Processes.Finished f = submit("client", List.of("--deploy-mode", "client"), job("jobs/char-shakespeare.conf", out));
        assertEquals(0, f.exit(), f.output());
        assertTrue(f.output().contains("model written to " + out + "/models/v0001"), f.output());
        assertArrayEquals(local, modelBytes(out), "the cluster's model is the local[2] model, bit for bit");
        assertExecutorsRanTheBundledBlas();
    }

    @Test
    void clusterModeTrainsTheModelOfLocalModeFromAJobFileOnHdfs() throws Exception {
        String out = data.root() + "/cluster";
        Processes.Finished f = submit("cluster", CLUSTER, job(data.jobFile(), out));
        assertEquals(0, f.exit(), f.output());
        assertTrue(f.output().contains("is FINISHED, exiting spark-submit JVM"), f.output());
        assertArrayEquals(local, modelBytes(out), "the cluster's model is the local[2] model, bit for bit");
        String driver = driverOutput(f);
        assertTrue(driver.contains("model written to " + out + "/models/v0001"), driver);
    }

    static final List<String> CLUSTER = List.of("--deploy-mode", "cluster", "--driver-memory", "700m");

    /**
     * The exit codes a scheduler sees. Client mode: spark-submit exits with the job's code. Cluster mode:
     * Spark's standalone client reports the driver's state only, so submit.sh exits 1 and names it, and the
     * driver's own output has the job's message and code.
     */
    @Test
    void exitCodesInBothDeployModes() throws Exception {
        String bad = data.root() + "/no-such-file.txt";
        String[][] cases = {
            {"2", "configuration error: ", "hidden=0"},
            {"3", "input error: ", "input=" + bad},
            {"4", "training stopped: training diverged", "optimizer=sgd", "momentum=0", "lr=1000", "l2=1e6", "clip.norm=0",
                "train.slices=12"},
        };
        for (String[] c : cases) {
            String name = "exit-" + c[0];
            String[] sets = Arrays.copyOfRange(c, 2, c.length);
            Processes.Finished client = submit(name + "-client", List.of("--deploy-mode", "client"),
                    job("jobs/char-shakespeare.conf", data.root() + "/" + name + "-client", sets));
            assertEquals(Integer.parseInt(c[0]), client.exit(), client.output());
            assertTrue(client.output().contains(c[1]), client.output());
            Processes.Finished cl = submit(name + "-cluster", CLUSTER, job(data.jobFile(), data.root() + "/" + name + "-cluster", sets));
            assertEquals(1, cl.exit(), cl.output());
            assertTrue(cl.output().contains("ended FAILED; its output (the job's message and exit code) is in the"
                    + " Worker's work directory"), cl.output());
            String driver = driverOutput(cl);
            assertTrue(driver.contains(c[1]) && driver.contains("spark-rnn: exit code " + c[0]), driver);
        }
    }

    static String driverOutput(Processes.Finished f) throws IOException {
        return driverOutput(cluster, f);
    }

    /** The driver's stderr in its Worker's work directory, found by the driver id spark-submit printed. */
    static String driverOutput(StandaloneCluster cluster, Processes.Finished f) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("State of driver (driver-[0-9-]+) is").matcher(f.output());
        assertTrue(m.find(), f.output());
        for (int i = 0; i < cluster.workers().size(); i++) {
            Path stderr = cluster.workDir(i).resolve(m.group(1)).resolve("stderr");
            if (Files.exists(stderr)) return Files.readString(stderr);
        }
        throw new AssertionError("no work directory of " + m.group(1));
    }

    static void assertExecutorsRanTheBundledBlas() throws IOException {
        List<String> said = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path work = cluster.workDir(i);
            if (!Files.isDirectory(work)) continue;
            try (Stream<Path> files = Files.walk(work)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().equals("stderr"))::iterator) {
                    Files.readAllLines(f).stream().filter(l -> l.contains("spark-rnn kernel on this JVM")).forEach(said::add);
                }
            }
        }
        assertTrue(!said.isEmpty(), "no executor said which BLAS it ran");
        for (String l : said) assertTrue(l.contains("BLAS netlib:JNIBLAS(bundled OpenBLAS, 1 thread)"), l);
    }

    static byte[] modelBytes(String output) throws IOException {
        return data.modelBytes(output);
    }
}
