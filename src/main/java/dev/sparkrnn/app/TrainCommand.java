package dev.sparkrnn.app;

import dev.sparkrnn.config.ConfigException;
import dev.sparkrnn.config.Settings;
import dev.sparkrnn.persist.ModelFiles;
import dev.sparkrnn.persist.OutputLease;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.task.Console;
import dev.sparkrnn.task.Json;
import dev.sparkrnn.task.Task;
import dev.sparkrnn.task.Tasks;
import dev.sparkrnn.task.Training;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code train}: reads the input, trains on Spark (resuming an interrupted run), scores the best parameters
 * on the validation data, writes the next model version and prints its figures as one JSON line.
 */
final class TrainCommand {
    private TrainCommand() {
    }

    static int run(Settings s) {
        String task = s.choice("task");
        String output = s.required("output");
        org.apache.hadoop.conf.Configuration hadoop = Preflight.hadoop();
        Preflight.output(hadoop, s);
        Preflight.inputs(hadoop, s, true);
        OutputLease lease;
        try {
            lease = OutputLease.acquire(hadoop, output, 1000L * s.integer("lock.lease.seconds"));
        } catch (OutputLease.LeaseHeldException e) {
            System.err.println("output in use: " + e.getMessage());
            return Main.EXIT_LOCKED;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the lease on " + output + ": " + e.getMessage(), e);
        }
        try (lease) {
            SparkSession spark = Sessions.start(s, "spark-rnn train " + task);   // Main stops it, with the exit code
            try {
                JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                return train(sc, s, task, output);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
    }

    private static int train(JavaSparkContext sc, Settings s, String task, String output) throws IOException {
        Task t = Tasks.of(task);
        OutputLayout out = new OutputLayout(sc.hadoopConfiguration(), output);
        int latest = out.latestModel();
        int version = latest + 1;
        boolean continuing = s.bool("train.continue");
        if (latest > 0 && !continuing && !out.hasCheckpoints(version)) {
            SavedModel done = ModelFiles.read(sc.hadoopConfiguration(), out.model(latest));
            Console.line("model " + out.model(latest) + " is already trained: nothing to do"
                    + " (set train.continue=true to train a new version from it)");
            Console.result(resultJson(task, out.model(latest), done.metadata().metrics(), true));
            return 0;
        }
        out.requireFree(version);
        int partitions = s.integer("partitions");
        if (partitions == 0) partitions = sc.defaultParallelism();
        Task.Prepared data = t.prepare(sc, s, partitions);
        double[] start = null;
        if (latest > 0) {   // continuing: the new version starts from the latest model
            SavedModel previous = ModelFiles.read(sc.hadoopConfiguration(), out.model(latest));
            if (!previous.network().equals(data.network())) {
                throw new ConfigException("train.continue: the model " + out.model(latest) + " is a "
                        + previous.network().describe() + ", this job builds a " + data.network().describe());
            }
            start = previous.params();
        }
        String runTime = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        Path metrics = out.metrics(version, runTime);
        Training.Outcome run;
        try (OutputStream log = out.fs().create(metrics, false)) {
            run = Training.run(sc, t, s, data, out.checkpoints(version), start,
                    "training " + OutputLayout.name(version) + " into " + output, m -> write(log, m.toJson() + "\n"));
        }
        if (!run.complete()) {
            Console.line(String.format(Locale.ROOT, "stopped at the time budget after update %d of %d; checkpoints in %s;"
                    + " run the same command again to continue", run.result().updates(), run.config().updates(),
                    out.checkpoints(version)));
            Console.result(resultJson(task, null, Map.of("updates", run.result().updates(), "complete", "false"), false));
            return 0;
        }
        SavedModel model = run.model();
        Map<String, Object> quality = run.figures();
        String dir = out.model(version);
        ModelFiles.write(sc.hadoopConfiguration(), dir, model, false);
        Console.line("model written to " + dir);
        t.show(model, s, Console.text());
        Console.result(resultJson(task, dir, quality, true));
        return 0;
    }

    /** The last line of train and evaluate: one JSON object. */
    static String resultJson(String task, String model, Map<String, ?> figures, boolean complete) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("task", task);
        if (model != null) all.put("model", model);
        all.putAll(figures);
        all.put("complete", complete);
        return Json.object(all);
    }

    private static void write(OutputStream out, String line) {
        try {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
