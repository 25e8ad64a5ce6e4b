package dev.sparkrnn.app;

import dev.sparkrnn.config.ConfigException;
import dev.sparkrnn.config.Settings;
import dev.sparkrnn.kernel.Blas;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.persist.ModelFiles;
import dev.sparkrnn.persist.ModelMetadata;
import dev.sparkrnn.persist.OutputLease;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.train.Cadence;
import dev.sparkrnn.train.DistributedTrainer;
import dev.sparkrnn.train.TrainerConfig;
import dev.sparkrnn.train.UpdateMetrics;
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
        Network network = data.network();
        TrainerConfig base = TrainerConfig.of(s, out.checkpoints(version));
        if (base.wordDropout() > 0 && !t.wordInput()) {
            throw new ConfigException("train.word.dropout replaces words by <unk>: it applies to the classify and tag"
                    + " tasks, not to " + task);
        }
        if (network.readsSource() && base.optimizer().equals("lbfgs")) {
            throw new ConfigException("optimizer = lbfgs is not available for the " + task + " task (an encoder-decoder):"
                    + " use adam, rmsprop, adagrad or sgd");
        }
        DistributedTrainer probe = new DistributedTrainer(sc, network, base);
        double[] theta0 = probe.initialParameters();
        if (latest > 0) {   // continuing: the new version starts from the latest model
            SavedModel previous = ModelFiles.read(sc.hadoopConfiguration(), out.model(latest));
            if (!previous.network().equals(network)) {
                throw new ConfigException("train.continue: the model " + out.model(latest) + " is a "
                        + previous.network().describe() + ", this job builds a " + network.describe());
            }
            theta0 = previous.params();
        }
        long count = data.train().count();
        Console.line(String.format(Locale.ROOT, "%s: %s; %d training sequences in %d partitions; %s; BLAS %s; training %s"
                        + " into %s", task, data.description(), count, partitions, network.layout(), Blas.best().name(),
                OutputLayout.name(version), output));
        Cadence.Resolved cadence = Cadence.resolve(s, base, probe, data.train(), count, sc.hadoopConfiguration());
        if (!cadence.choice().source().equals("set") || !s.choice("lr.scaling").equals("none")) {
            Console.line(cadence.describe(s.number("train.overhead.target")));
        }
        TrainerConfig config = cadence.config();
        DistributedTrainer trainer = new DistributedTrainer(sc, network, config);

        String runTime = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        Path metrics = out.metrics(version, runTime);
        DistributedTrainer.Result result;
        int every = Math.max(1, config.slices() / 5);
        try (OutputStream log = out.fs().create(metrics, false)) {
            result = trainer.train(data.train(), data.validation(), theta0, m -> {
                write(log, m.toJson() + "\n");
                if (m.iteration() % every == 0 || !Double.isNaN(m.validationLoss())) {
                    long saved = m.iteration() / config.checkpointEvery() * config.checkpointEvery();
                    Console.line(progress(m, t.reportsBits()) + (saved > 0 ? "  checkpoint " + saved : ""));
                }
            });
        }
        if (!result.complete()) {
            Console.line(String.format(Locale.ROOT, "stopped at the time budget after update %d of %d; checkpoints in %s;"
                    + " run the same command again to continue", result.updates(), config.updates(), out.checkpoints(version)));
            Console.result(resultJson(task, null, Map.of("updates", result.updates(), "complete", "false"), false));
            return 0;
        }
        Map<String, Object> quality = new LinkedHashMap<>();
        quality.put("updates", result.updates());
        quality.put("slices", config.slices());   // as trained: what train.slices = auto chose
        quality.put("lr", config.schedule().lr());
        quality.put("best_update", result.bestUpdate());
        quality.put("stopped_early", Boolean.toString(result.stoppedEarly()));
        quality.putAll(data.inputFigures());
        if (data.validation() != null) {
            Map<String, Object> figures = t.score(sc, network, result.best(), data.validation(), s);
            figures.forEach((k, v) -> quality.put("validation_" + k, v));
            StringBuilder line = new StringBuilder("validation (update " + result.bestUpdate() + "):");
            figures.forEach((k, v) -> line.append(' ').append(k).append(' ')
                    .append(v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : v));
            Console.line(line.toString());
        }
        double rate = result.history().stream().mapToDouble(UpdateMetrics::stepsPerSecond).average().orElse(Double.NaN);
        quality.put("steps_per_s", Double.isNaN(rate) ? "NaN" : (Object) Math.round(rate));
        ModelMetadata.Shape shape = ModelMetadata.Shape.of(network);
        ModelMetadata meta = new ModelMetadata(ModelFiles.modelTypeOf(shape), shape, task, s.asMap(), data.vocabulary(), data.labels(), data.normalization(),
                ModelMetadata.Provenance.now(s.required("input"), config.seed(), sc.version(), Versions.project()),
                quality, data.sourceVocabulary());
        // a float32 model stores theta as the float32 kernel computes with it (format 2), a float64 one as is
        SavedModel model = SavedModel.rounded(meta, result.best(), Precision.of(s.choice("precision")));
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

    /** One progress line; bits per character are shown for character models. */
    static String progress(UpdateMetrics m, boolean bits) {
        return String.format(Locale.ROOT, "update %5d  epoch %3d  loss %s%s  %,.0f steps/s  %.0f%% outside kernel",
                m.iteration(), m.epoch(), loss(m.loss(), bits),
                Double.isNaN(m.validationLoss()) ? "" : "  validation " + loss(m.validationLoss(), bits),
                m.stepsPerSecond(), 100 * m.outsideShare());
    }

    private static String loss(double loss, boolean bits) {
        return bits ? String.format(Locale.ROOT, "%.4f (%.3f bits/char)", loss, loss / Math.log(2))
                : String.format(Locale.ROOT, "%.4f", loss);
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
