package dev.sparkrnn.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Spark standalone cluster on loopback: a Master and Workers, each its own JVM started through the
 * distribution's {@code bin/spark-class}, as Spark's sbin scripts start them. {@link #close} kills them and
 * everything they started (executors, drivers), also when a test fails; a shutdown hook does the same if the
 * test JVM ends first.
 */
public final class StandaloneCluster implements AutoCloseable {
    private final Path home;
    private final Path dir;
    private final Map<String, String> env;
    private final List<Process> workers = new ArrayList<>();
    private final Process master;
    private final String url;
    private final int webUiPort;
    private final Thread hook = new Thread(this::close);

    /**
     * Starts a Master and {@code workers} Workers of {@code cores} cores and {@code memory} each; returns when
     * every Worker has registered.
     *
     * @param dir the cluster's logs and work directories
     */
    public StandaloneCluster(Path home, Path dir, int workers, int cores, String memory) throws IOException, InterruptedException {
        this.home = home;
        this.dir = dir;
        this.env = Map.of("SPARK_HOME", home.toString(), "SPARK_LOCAL_IP", "127.0.0.1", "SPARK_SCALA_VERSION", "2.13");
        Runtime.getRuntime().addShutdownHook(hook);
        int port = freePort();
        webUiPort = freePort();
        url = "spark://127.0.0.1:" + port;
        Path masterLog = dir.resolve("master.log");
        master = Processes.start(List.of(home.resolve("bin/spark-class").toString(), "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(webUiPort)), env, masterLog);
        Processes.awaitLine(master, masterLog, l -> l.contains("I have been elected leader"), Duration.ofSeconds(90));
        for (int i = 0; i < workers; i++) startWorker(cores, memory);
    }

    /** Starts one more Worker and waits until it has registered. */
    public Process startWorker(int cores, String memory) throws IOException, InterruptedException {
        int i = workers.size();
        Path log = dir.resolve("worker-" + i + ".log");
        Process w = Processes.start(List.of(home.resolve("bin/spark-class").toString(), "org.apache.spark.deploy.worker.Worker",
                "--host", "127.0.0.1", "--cores", Integer.toString(cores), "--memory", memory, "--webui-port", "0",
                "--work-dir", workDir(i).toString(), url), env, log);
        workers.add(w);
        Processes.awaitLine(w, log, l -> l.contains("Successfully registered with master"), Duration.ofSeconds(90));
        return w;
    }

    /** spark-submit's arguments for this cluster: its master, executors of one core and 700 MB, then {@code more}. */
    public List<String> submitArgs(String... more) {
        List<String> args = new ArrayList<>(List.of("--master", url, "--conf", "spark.executor.cores=1",
                "--conf", "spark.cores.max=2", "--executor-memory", "700m"));
        args.addAll(List.of(more));
        return args;
    }

    /** {@code spark://127.0.0.1:port} */
    public String url() {
        return url;
    }

    /** The master's web UI, whose {@code /json/} lists applications and drivers with their states. */
    public String webUi() {
        return "http://127.0.0.1:" + webUiPort;
    }

    public List<Process> workers() {
        return workers;
    }

    /** Where Worker {@code i} keeps its executors' and drivers' directories (each with stdout and stderr). */
    public Path workDir(int i) {
        return dir.resolve("work-" + i);
    }

    @Override
    public void close() {
        for (Process w : workers) Processes.kill(w);
        Processes.kill(master);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: this is the hook
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
