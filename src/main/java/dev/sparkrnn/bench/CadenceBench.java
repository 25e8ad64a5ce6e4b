package dev.sparkrnn.bench;

import dev.sparkrnn.app.Sessions;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.ingest.BadInputPolicy;
import dev.sparkrnn.ingest.TextCorpus;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import dev.sparkrnn.train.DistributedTrainer;
import dev.sparkrnn.train.TrainerConfig;
import dev.sparkrnn.train.UpdateMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The cost of an update outside the kernel, measured on several masters and fitted to the cost model the
 * README states:
 *
 * <pre>
 *   update seconds = kernel seconds of the slowest task + outside
 *   outside        = a + c |theta| bytes                  (fitted per master, over H and update sizes)
 *   projected to E one-core executors (depth-2 treeAggregate beyond 5):
 *   outside(E)     = a s(E) + b (E - E0) + c/2 |theta| m(E),   s = 1, m = E       up to 5 executors
 *                                                               s = 2, m = 2 sqrt(E) beyond
 * </pre>
 *
 * a is the cost of one Spark job (scheduling, the task binary broadcast, results, the driver's step), c the
 * cost of each byte of theta (to the tasks, its gradient back, the optimizer's pass), m the results on the
 * critical path. For each master, each hidden size and two update sizes (one sequence per task, and 16), the
 * real trainer runs float32 updates of the character model (windows of 100) for a few seconds; the first
 * quarter of the updates warms up and is not counted. b, the cost of one more executor, is bracketed by the
 * local-cluster masters (see {@link #model}). Prints a JSON line per measurement, one fit per master, then
 * the projection to 10, 100 and 1,000 executors with the sequences an update of the main job must carry
 * there to keep the share outside the kernel under 10%.
 *
 * <p>Arguments: input corpus, output JSON file, seconds per measurement, masters...
 */
public final class CadenceBench {
    private static final int[] HIDDEN = {64, 256, 512};
    private static final int[] SEQUENCES_PER_TASK = {1, 16};
    private static final int LENGTH = 100;

    private record Row(String master, int executors, int tasks, long thetaBytes, double outside, double kernel, double steps) { }

    public static void main(String[] args) throws IOException, InterruptedException {
        String input = args[0];
        Path out = Path.of(args[1]);
        double seconds = Double.parseDouble(args[2]);
        List<String> masters = List.of(args).subList(3, args.length);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.deleteIfExists(out);
        List<Row> rows = new ArrayList<>();
        for (String master : masters) {
            rows.addAll(measure(input, master, seconds, out));
        }
        model(rows, masters, out);
    }

    static List<Row> measure(String input, String master, double seconds, Path out) throws IOException, InterruptedException {
        boolean cluster = master.startsWith("local-cluster");
        SparkConf conf = Sessions.conf(master, "spark-rnn cadence " + master).set("spark.master", master)
                .set("spark.ui.enabled", "false");
        if (cluster) {
            // executor JVMs with this JVM's class path and flags and flags (Spark's launcher also wants SPARK_HOME: the script sets both)
            conf.set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                    .set("spark.executor.extraJavaOptions", System.getenv().getOrDefault("SPARKRNN_JVM_FLAGS", ""));
        }
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        List<Row> rows = new ArrayList<>();
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            int executors = cluster ? Integer.parseInt(master.replaceAll("local-cluster\\[(\\d+),.*", "$1")) : 0;
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (cluster && sc.sc().statusTracker().getExecutorInfos().length < executors + 1) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("executors did not register in 120 s");
                Thread.sleep(100);
            }
            int tasks = sc.defaultParallelism();
            TextCorpus corpus = TextCorpus.read(sc, input, 40, BadInputPolicy.FAIL);
            JavaRDD<EncodedSequence> data = DistributedTrainer.prepare(corpus.sequences(LENGTH, 0, 1, false), tasks);
            long sequences = data.count();
            int v = corpus.vocabulary().size();
            for (int h : HIDDEN) {
                Network spec = Network.rnn(new RnnLayout(v, h, v, true), Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP);
                long thetaBytes = 4L * spec.parameterCount();
                for (int perTask : SEQUENCES_PER_TASK) {
                    int slices = (int) Math.max(1, sequences / ((long) perTask * tasks));
                    TrainerConfig config = TrainerConfig.builder().epochs(1).slices(slices).batchSize(32).window(LENGTH)
                            .optimizer("adam").learningRate(0.002).clipNorm(5).seed(1).maxSeconds(seconds)
                            .precision(Precision.FLOAT32).build();
                    List<UpdateMetrics> history = new DistributedTrainer(sc, spec, config).train(data, null, null).history();
                    List<UpdateMetrics> timed = history.subList(history.size() / 4, history.size());
                    double update = timed.stream().mapToDouble(UpdateMetrics::seconds).average().orElse(Double.NaN);
                    double kernel = timed.stream().mapToDouble(UpdateMetrics::kernelSeconds).average().orElse(Double.NaN);
                    double steps = timed.stream().mapToLong(UpdateMetrics::steps).average().orElse(Double.NaN);
                    Row r = new Row(master, executors, tasks, thetaBytes, update - kernel, kernel, steps);
                    rows.add(r);
                    SparkBench.emit(out, String.format(Locale.ROOT,
                            "{\"bench\":\"cadence\",\"master\":\"%s\",\"executors\":%d,\"tasks\":%d,\"H\":%d,"
                                    + "\"theta_bytes\":%d,\"sequences_per_update\":%.1f,\"updates\":%d,\"update_ms\":%.2f,"
                                    + "\"kernel_ms\":%.2f,\"outside_ms\":%.2f,\"outside_share\":%.3f}",
                            master, executors, tasks, h, thetaBytes, steps / LENGTH, timed.size(), 1e3 * update,
                            1e3 * kernel, 1e3 * (update - kernel), (update - kernel) / update));
                }
            }
            data.unpersist(true);
        } finally {
            spark.stop();
        }
        return rows;
    }

    /** Least squares of outside = a + c bytes over one master's rows: {a, c}. */
    static double[] fit(List<Row> rows) {
        SimpleRegression r = new SimpleRegression();
        for (Row row : rows) r.addData(row.thetaBytes, row.outside);
        return new double[] {r.getIntercept(), r.getSlope(), r.getRSquare()};
    }

    /**
     * The fits per master, then the projection. b, the cost of one more executor, is bracketed: from the two
     * smallest local-cluster masters (low), and from the two largest (high; with more JVMs than cores, as on
     * the 2-core machine, it also counts their contention for the cores).
     */
    static void model(List<Row> rows, List<String> masters, Path out) throws IOException {
        long bytes = 4L * (65 * 256 + 256 * 256 + 256 + 256 * 65 + 65);   // the main job's model in float32
        // seconds per time step of one task at H = 256, from the rows that carry 16 sequences a task
        double perStep = rows.stream().filter(r -> r.steps / r.tasks > 8 * LENGTH && Math.abs(r.thetaBytes - bytes) < bytes / 10)
                .mapToDouble(r -> r.kernel / (r.steps / r.tasks)).average().orElse(Double.NaN);
        int cores = Runtime.getRuntime().availableProcessors();
        List<double[]> all = new ArrayList<>();   // {executors, a, c} of the local-cluster masters
        for (String master : masters) {
            List<Row> own = rows.stream().filter(r -> r.master.equals(master)).toList();
            double[] k = fit(own);
            int e = own.get(0).executors;
            boolean over = e + 1 > cores;
            SparkBench.emit(out, String.format(Locale.ROOT,
                    "{\"bench\":\"cadence-fit\",\"master\":\"%s\",\"executors\":%d,\"tasks\":%d,\"a_ms\":%.2f,"
                            + "\"c_ms_per_MB\":%.2f,\"r2\":%.3f,\"oversubscribed\":%b}",
                    master, e, own.get(0).tasks, 1e3 * k[0], 1e9 * k[1], k[2], over));
            if (e == 0) continue;
            all.add(new double[] {e, k[0], k[1]});
        }
        if (all.size() < 2) return;
        double[] p = all.get(0), q = all.get(1);
        double[] r = all.get(all.size() - 2), t = all.get(all.size() - 1);
        double a = q[1], c = q[2];
        double bLow = Math.max(0, (q[1] - p[1]) / (q[0] - p[0])), bHigh = Math.max(bLow, (t[1] - r[1]) / (t[0] - r[0]));
        for (int e : new int[] {2, 10, 100, 1000}) {
            double low = project(a, bLow, c, (int) q[0], e, bytes), high = project(a, bHigh, c, (int) q[0], e, bytes);
            SparkBench.emit(out, String.format(Locale.ROOT,
                    "{\"bench\":\"cadence-projection\",\"executors\":%d,\"theta_bytes\":%d,\"outside_ms\":[%.1f,%.1f],"
                            + "\"sequences_per_update_for_10pct\":[%.0f,%.0f],\"b_ms_per_executor\":[%.2f,%.2f],"
                            + "\"kernel_us_per_step\":%.2f}",
                    e, bytes, 1e3 * low, 1e3 * high, sequences(low, perStep, e), sequences(high, perStep, e),
                    1e3 * bLow, 1e3 * bHigh, 1e6 * perStep));
        }
    }

    /**
     * Outside-kernel seconds over {@code e} one-core executors, from a and c measured with {@code e0}: up to 5
     * tasks one direct job whose results the driver merges one after another; beyond, treeAggregate of depth 2
     * adds a stage (a again) in which ceil(sqrt(e)) tasks each merge about sqrt(e) results in parallel, so the
     * bytes on the critical path are those of about 2 sqrt(e) results.
     */
    static double project(double a, double b, double c, int e0, int e, long bytes) {
        double perResult = c * bytes / 2;   // c was measured with 2 tasks
        if (e <= 5) return a + b * (e - e0) + perResult * e;
        double s = Math.ceil(Math.sqrt(e));
        return 2 * a + b * (e - e0) + perResult * 2 * s;
    }

    /** Sequences of 100 steps an update over e executors must carry for the kernel to be 90% of it. */
    static double sequences(double outside, double perStep, int e) {
        return 9 * outside / (perStep * LENGTH) * e;
    }
}
