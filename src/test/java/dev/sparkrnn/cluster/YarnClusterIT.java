package dev.sparkrnn.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.persist.MiniHdfs;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code scripts/submit.sh --master yarn} against a MiniYARNCluster (a ResourceManager and a NodeManager that
 * launches real container JVMs) over the in-process HDFS, in cluster and client deploy mode: the model is the
 * {@code local[2]} model bit for bit and the application's final status is SUCCEEDED; bad input ends FAILED
 * with diagnostics naming the file, the line and what is wrong, and spark-submit exits non-zero.
 */
@ExtendWith(MiniHdfs.Resolver.class)
class YarnClusterIT {
    static final Path DIR = SparkDistribution.ROOT.resolve("target/cluster-it/yarn");
    static StagedJob data;
    static MiniYARNCluster yarn;
    static YarnClient client;
    static Path confDir;
    static byte[] local;

    @BeforeAll
    static void start(MiniHdfs mini) throws Exception {
        data = StagedJob.stage(mini, "yarn", DIR);
        confDir = Files.createDirectories(DIR.resolve("conf"));

        YarnConfiguration conf = new YarnConfiguration(new Configuration(mini.cluster.getConfiguration(0)));
        conf.set("fs.defaultFS", mini.root);   // the staging directory, as on a real cluster
        conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
        conf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
        conf.setBoolean("yarn.nodemanager.pmem-check-enabled", false);
        conf.setInt("yarn.nodemanager.resource.memory-mb", 8192);
        conf.setInt("yarn.nodemanager.resource.cpu-vcores", 4);
        conf.setInt("yarn.scheduler.minimum-allocation-mb", 256);
        // hadoop-client-minicluster has no capacity-scheduler.xml (as Spark's BaseYarnClusterSuite notes)
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
        conf.set("yarn.resourcemanager.hostname", "localhost");
        long t0 = System.nanoTime();
        yarn = new MiniYARNCluster("spark-rnn", 1, 1, 1);
        yarn.init(conf);
        yarn.start();
        Configuration running = yarn.getConfig();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (running.get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {   // the RM's port is set after start()
            assertTrue(System.nanoTime() < end, "the ResourceManager did not come up");
            Thread.sleep(100);
        }
        System.out.printf("YarnClusterIT: MiniYARNCluster up in %d ms (RM %s)%n", (System.nanoTime() - t0) / 1_000_000,
                running.get(YarnConfiguration.RM_ADDRESS));
        // what spark-submit, the ApplicationMaster and the executors read (HADOOP_CONF_DIR): the running cluster's
        // addresses, less the test-only rack mapping MiniDFSCluster sets, which no real Hadoop jar holds
        Configuration site = new Configuration(running);
        site.unset("net.topology.node.switch.mapping.impl");
        for (String file : new String[] {"core-site.xml", "yarn-site.xml", "hdfs-site.xml"}) {
            try (OutputStream out = Files.newOutputStream(confDir.resolve(file))) {
                site.writeXml(out);
            }
        }
        client = YarnClient.createYarnClient();
        client.init(running);
        client.start();
        String out = data.root() + "/local";
        local = data.localModel(StandaloneClusterIT.jobOn(data.input(), "jobs/char-shakespeare.conf", out, "master=local[2]"), out);
    }

    @AfterAll
    static void stop() throws java.io.IOException {
        if (client != null) client.stop();
        if (yarn != null) yarn.stop();
        if (data != null) data.close();
    }

    static Processes.Finished submit(String name, String mode, String... jobArgs) throws Exception {
        List<String> command = SparkDistribution.submitCommand(List.of("--master", "yarn", "--deploy-mode", mode,
                "--name", name, "--num-executors", "2", "--executor-cores", "1", "--executor-memory", "700m",
                "--driver-memory", "700m",
                // Spark is at the same path on every node here: no upload of its jars to the staging directory
                "--conf", "spark.yarn.jars=local:" + SparkDistribution.home().resolve("jars") + "/*",
                "--conf", "spark.yarn.maxAppAttempts=1"), jobArgs);
        Map<String, String> env = SparkDistribution.submitEnvironment("HADOOP_CONF_DIR", confDir.toString(),
                "YARN_CONF_DIR", confDir.toString());
        return Processes.runTimed("YarnClusterIT", name, command, env, DIR.resolve(name + ".log"), Duration.ofMinutes(6));
    }

    /** The newest application of that name, as the ResourceManager reports it. */
    static ApplicationReport report(String name) throws Exception {
        return client.getApplications().stream().filter(a -> a.getName().equals(name))
                .max(Comparator.comparingLong(ApplicationReport::getStartTime))
                .orElseThrow(() -> new AssertionError("no application " + name));
    }

    @Test
    void clusterModeSucceedsWithTheModelOfLocalMode() throws Exception {
        String out = data.root() + "/cluster";
        Processes.Finished f = submit("yarn-cluster", "cluster", StandaloneClusterIT.jobOn(data.input(), data.jobFile(), out));
        assertEquals(0, f.exit(), f.output());
        ApplicationReport r = report("yarn-cluster");
        assertEquals(FinalApplicationStatus.SUCCEEDED, r.getFinalApplicationStatus(), r.getDiagnostics());
        assertArrayEquals(local, data.modelBytes(out), "the YARN model is the local[2] model, bit for bit");
    }

    @Test
    void clientModeSucceedsWithTheModelOfLocalMode() throws Exception {
        String out = data.root() + "/client";
        Processes.Finished f = submit("yarn-client", "client", StandaloneClusterIT.jobOn(data.input(), "jobs/char-shakespeare.conf", out));
        assertEquals(0, f.exit(), f.output());
        assertEquals(FinalApplicationStatus.SUCCEEDED, report("yarn-client").getFinalApplicationStatus());
        assertArrayEquals(local, data.modelBytes(out), "the YARN model is the local[2] model, bit for bit");
    }

    /** A configuration error and a diverged training in cluster mode: FAILED, the job's message in the diagnostics. */
    @Test
    void configurationErrorAndDivergenceFailTheApplicationWithTheirMessage() throws Exception {
        String[][] cases = {
            {"2", "configuration error: ", "hidden=0"},
            {"4", "training stopped: training diverged", "optimizer=sgd", "momentum=0", "lr=1000", "l2=1e6", "clip.norm=0",
                "train.slices=12"},
        };
        for (String[] c : cases) {
            String name = "yarn-exit-" + c[0];
            Processes.Finished f = submit(name, "cluster", StandaloneClusterIT.jobOn(data.input(), data.jobFile(), data.root() + "/" + name,
                    Arrays.copyOfRange(c, 2, c.length)));
            assertNotEquals(0, f.exit(), f.output());
            ApplicationReport r = report(name);
            assertEquals(FinalApplicationStatus.FAILED, r.getFinalApplicationStatus());
            assertTrue(r.getDiagnostics().contains(c[1]) && r.getDiagnostics().contains("spark-rnn exit code " + c[0]),
                    r.getDiagnostics());
        }
    }

    @Test
    void badInputFailsTheApplicationWithDiagnosticsNamingFileAndLine() throws Exception {
        String bad = data.root() + "/not-utf8.txt";
        try (var out = data.fs().create(new org.apache.hadoop.fs.Path(bad))) {
            out.write("good line\nbad \u00e9 line\nmore\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        Processes.Finished cluster = submit("yarn-bad-cluster", "cluster",
                StandaloneClusterIT.jobOn(bad, data.jobFile(), data.root() + "/bad-cluster"));
        assertNotEquals(0, cluster.exit(), cluster.output());
        ApplicationReport r = report("yarn-bad-cluster");
        assertEquals(FinalApplicationStatus.FAILED, r.getFinalApplicationStatus());
        assertTrue(r.getDiagnostics().contains("input error: " + bad + " line 2: not valid UTF-8")
                && r.getDiagnostics().contains("spark-rnn exit code 3"), r.getDiagnostics());

        Processes.Finished clientMode = submit("yarn-bad-client", "client",
                StandaloneClusterIT.jobOn(bad, "jobs/char-shakespeare.conf", data.root() + "/bad-client"));
        assertEquals(3, clientMode.exit(), clientMode.output());
        assertEquals(FinalApplicationStatus.FAILED, report("yarn-bad-client").getFinalApplicationStatus(),
                "the driver stops its SparkContext with the exit code, and YARN reports it");
        assertTrue(clientMode.output().contains("input error: " + bad + " line 2: not valid UTF-8"), clientMode.output());
    }
}
