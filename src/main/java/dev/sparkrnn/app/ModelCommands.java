package dev.sparkrnn.app;

import dev.sparkrnn.task.Console;
import dev.sparkrnn.task.Task;
import dev.sparkrnn.task.Tasks;
import dev.sparkrnn.config.Settings;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.persist.ModelFiles;
import dev.sparkrnn.persist.SavedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code evaluate}, {@code predict} and {@code generate}: use a trained model (setting {@code model}, else
 * OUTPUT's latest) through the task that trained it.
 */
final class ModelCommands {
    private ModelCommands() {
    }

    static String modelPath(Configuration conf, Settings s) throws IOException {
        String m = s.optional("model");
        return OutputLayout.resolveModel(conf, m != null ? m : s.required("output"));
    }

    /** Samples text from a character or conditional-lm model; no Spark needed. */
    static int generate(Settings s) {
        try {
            Configuration conf = new Configuration();
            SavedModel model = ModelFiles.read(conf, modelPath(conf, s));
            System.out.print(Tasks.of(model.metadata().task()).generate(model, s));   // the result itself
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** What a command does with a trained model, the task that trained it and Spark. */
    private interface WithModel {
        Map<String, Object> run(JavaSparkContext sc, SavedModel model, Task task) throws IOException;
    }

    /**
     * Starts Spark, loads the model ({@code model}, else OUTPUT's latest) and its task, runs the command and prints
     * its figures as the one JSON line.
     */
    private static int withModel(Settings s, String appName, WithModel command) {
        Preflight.inputs(Preflight.hadoop(), s, false);   // evaluate and predict read input only
        SparkSession spark = Sessions.start(s, appName);   // Main stops it, with the exit code
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            String path = modelPath(sc.hadoopConfiguration(), s);
            SavedModel model = ModelFiles.read(sc.hadoopConfiguration(), path);
            Task task = Tasks.of(model.metadata().task());
            Console.result(TrainCommand.resultJson(task.name(), path, command.run(sc, model, task), true));
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Scores a model on the data at {@code input}; prints the figures as one JSON line. */
    static int evaluate(Settings s) {
        return withModel(s, "spark-rnn evaluate", (sc, model, task) -> {
            String input = s.required("input");
            JavaRDD<EncodedSequence> data = task.encodeForModel(sc, model, input, s);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("input", input);
            figures.putAll(task.score(sc, model.network(), model.params(), data, s));
            return figures;
        });
    }

    /**
     * Applies a model to new text, one record per line of {@code input} (any Hadoop path), and writes one JSON
     * line per input line to {@code predictions} (default OUTPUT/predictions/TIME); what a line holds is the
     * task's (see {@link Task#predict}).
     */
    static int predict(Settings s) {
        return withModel(s, "spark-rnn predict", (sc, model, task) -> {
            String input = s.required("input");
            String out = s.optional("predictions");
            if (out == null) {
                out = s.required("output") + "/predictions/"
                        + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
            }
            long n = task.predict(sc, model, input, out, s);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("input", input);
            figures.put("predictions", out);
            figures.put("lines", n);
            return figures;
        });
    }
}
