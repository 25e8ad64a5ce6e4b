package dev.sparkrnn.app;

import dev.sparkrnn.config.ConfigException;
import dev.sparkrnn.config.Settings;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.persist.ModelFiles;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.train.ModelSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** {@code evaluate} and {@code generate}: use a trained model (setting {@code model}, else OUTPUT's latest). */
final class ModelCommands {
    private ModelCommands() {
    }

    static String modelPath(Configuration conf, Settings s) throws IOException {
        String m = s.optional("model");
        return OutputLayout.resolveModel(conf, m != null ? m : s.required("output"));
    }

    /** Samples text from a character model; no Spark needed. */
    static int generate(Settings s) {
        try {
            Configuration conf = new Configuration();
            SavedModel model = ModelFiles.read(conf, modelPath(conf, s));
            String task = model.metadata().task();
            if (task.equals("conditional-lm")) {
                System.out.print(EncoderDecoderTask.generate(model, s));
                return 0;
            }
            if (!task.equals("char-lm")) {
                throw new ConfigException("generate needs a character language model or a conditional-lm model; "
                        + modelPath(conf, s) + " is a '" + task + "' model" + (task.equals("seq2seq") ? " (use predict)" : ""));
            }
            System.out.println(CharLmTask.generate(model, s));
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Scores a model on the data at {@code input}; prints the figures as one JSON line. */
    static int evaluate(Settings s) {
        SparkSession spark = Sessions.start(s, "spark-rnn evaluate");
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            String path = modelPath(sc.hadoopConfiguration(), s);
            SavedModel model = ModelFiles.read(sc.hadoopConfiguration(), path);
            Task task = Task.of(model.metadata().task());
            String input = s.required("input");
            JavaRDD<EncodedSequence> data = task.encodeForModel(sc, model, input, s);
            ModelSpec spec = model.encoderDecoderLayout() != null ? ModelSpec.encoderDecoder(model.encoderDecoderLayout())
                    : new ModelSpec(model.layout(), model.head(), model.targetMode(), model.bidirectional());
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("input", input);
            figures.putAll(task.score(sc, spec, model.params(), data, s));
            System.out.println(TrainCommand.resultJson(task.name(), path, figures, true));
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } finally {
            spark.stop();
        }
    }
}
