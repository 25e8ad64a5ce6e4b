package dev.sparkrnn.app;

import dev.sparkrnn.config.ConfigException;
import dev.sparkrnn.config.Settings;
import dev.sparkrnn.data.Vocabulary;
import dev.sparkrnn.data.WordTokenizer;
import dev.sparkrnn.kernel.BiRnnKernel;
import dev.sparkrnn.kernel.Blas;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.RnnKernel;
import dev.sparkrnn.kernel.SequenceBatch;
import dev.sparkrnn.kernel.TargetMode;
import dev.sparkrnn.kernel.Workspace;
import dev.sparkrnn.persist.ModelFiles;
import dev.sparkrnn.persist.SavedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * {@code predict}: applies a classifier or tagger to new text, one sentence per line of {@code input} (any
 * Hadoop path), and writes one JSON line per input line to {@code predictions} (default
 * OUTPUT/predictions/TIME): {@code {"line":N,"text":...,"label":...,"probability":p}} for classify,
 * {@code {"line":N,"tokens":[...],"tags":[...]}} for tag, {@code {"line":N,"source":...,"prediction":...,
 * "log_probability":p}} for seq2seq (beam search, see {@link EncoderDecoderTask#predict}). Words the model does not know read as
 * {@code <unk>}; tokenisation is the training data's (classify: {@link WordTokenizer}; tag: white space,
 * lowercased when the model was trained so).
 */
final class PredictCommand {
    private PredictCommand() {
    }

    /** What the executors need of a model. */
    record Model(RnnLayout layout, Head head, boolean bidirectional, double[] params, List<String> vocabulary,
                 List<String> labels) implements java.io.Serializable { }

    static int run(Settings s) {
        SparkSession spark = Sessions.start(s, "spark-rnn predict");
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            String path = ModelCommands.modelPath(sc.hadoopConfiguration(), s);
            SavedModel model = ModelFiles.read(sc.hadoopConfiguration(), path);
            String task = model.metadata().task();
            if (task.equals("seq2seq")) {
                String out = outputPath(s);
                long n = EncoderDecoderTask.predict(sc, model, s.required("input"), out, s);
                System.out.println(TrainCommand.resultJson(task, path, Map.of("input", s.required("input"), "predictions", out,
                        "lines", n), true));
                return 0;
            }
            if (!task.equals("classify") && !task.equals("tag")) {
                throw new ConfigException("predict applies classify and tag models; " + path + " is a '" + task
                        + "' model (use generate for char-lm and conditional-lm, evaluate for series)");
            }
            boolean tag = task.equals("tag");
            boolean lowercase = Boolean.parseBoolean(model.metadata().configuration().getOrDefault("input.lowercase", "false"));
            String input = s.required("input");
            String out = outputPath(s);
            Broadcast<Model> bc = sc.broadcast(new Model(model.layout(), model.head(), model.bidirectional(), model.params(),
                    new ArrayList<>(model.metadata().vocabulary()), new ArrayList<>(model.metadata().labels())));
            int batchSize = s.integer("train.batch", 1, 1 << 16);
            JavaRDD<String> lines = sc.textFile(input).zipWithIndex().mapPartitions(it -> {
                Model m = bc.value();
                Vocabulary words = Vocabulary.fromEntries(m.vocabulary(), true);
                List<String> labels = m.labels();
                RnnKernel kernel = new RnnKernel(m.layout(), Blas.best());
                List<String> result = new ArrayList<>();
                List<Tuple2<String, Long>> pending = new ArrayList<>();
                List<List<String>> tokens = new ArrayList<>();
                while (it.hasNext()) {
                    Tuple2<String, Long> line = it.next();
                    List<String> t = tag ? whitespace(line._1(), lowercase) : WordTokenizer.tokens(line._1());
                    if (t.isEmpty()) {
                        result.add(Json.object(Map.of("line", line._2() + 1, "empty", true)));
                    } else {
                        pending.add(line);
                        tokens.add(t);
                    }
                    if (pending.size() == batchSize || (!it.hasNext() && !pending.isEmpty())) {
                        predict(kernel, m, words, labels, tag, pending, tokens, result);
                        pending.clear();
                        tokens.clear();
                    }
                }
                return result.iterator();
            });
            lines.saveAsTextFile(out);
            long n = sc.textFile(out).count();
            System.out.println(TrainCommand.resultJson(task, path, Map.of("input", input, "predictions", out, "lines", n), true));
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } finally {
            spark.stop();
        }
    }

    /** {@code predictions}, else OUTPUT/predictions/TIME. */
    static String outputPath(Settings s) {
        String out = s.optional("predictions");
        return out != null ? out : s.required("output") + "/predictions/"
                + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
    }

    static List<String> whitespace(String line, boolean lowercase) {
        List<String> out = new ArrayList<>();
        for (String t : line.trim().split("\\s+")) {
            if (!t.isEmpty()) out.add(lowercase ? t.toLowerCase(Locale.ROOT) : t);
        }
        return out;
    }

    /** One kernel batch: argmax y^ at the last step (classify) or at every step (tag). */
    private static void predict(RnnKernel kernel, Model m, Vocabulary words, List<String> labels, boolean tag,
                                List<Tuple2<String, Long>> lines, List<List<String>> tokens, List<String> result) {
        int k = m.layout().outputSize;
        SequenceBatch batch = new SequenceBatch(m.layout(), m.head(), tag ? TargetMode.EVERY_STEP : TargetMode.LAST_STEP);
        for (List<String> t : tokens) {
            int s = batch.addSequence(t.size());
            for (int i = 0; i < t.size(); i++) {
                int w = words.contains(t.get(i)) ? words.index(t.get(i)) : 0;
                batch.setToken(s, i, w);
            }
        }
        batch.pack();
        int[][] best = new int[tokens.size()][];
        double[][] prob = new double[tokens.size()][];
        for (int i = 0; i < tokens.size(); i++) {
            best[i] = new int[tag ? tokens.get(i).size() : 1];
            prob[i] = new double[best[i].length];
        }
        int maxLen = batch.maxLength();
        RnnKernel.OutputSink sink = (first, count, o) -> {
            for (int j = 0; j < count; j++) {
                int slot = first + j;
                int b, t;
                if (tag) {   // slot is a packed column: find its step
                    int step = 0;
                    while (batch.stepStart(step + 1) <= slot) step++;
                    b = slot - batch.stepStart(step);
                    t = step;
                } else {
                    b = slot;
                    t = 0;
                }
                int a = 0;
                for (int c = 1; c < k; c++) if (o[j * k + c] > o[j * k + a]) a = c;
                int added = batch.addedIndex(b);
                best[added][t] = a;
                prob[added][t] = o[j * k + a];
            }
        };
        if (m.bidirectional()) {
            new BiRnnKernel(m.layout(), Blas.best()).forward(m.params(), batch,
                    new BiRnnKernel.Scratch(m.layout(), m.head(), batch.mode(), tokens.size(), maxLen), sink);
        } else {
            kernel.forward(m.params(), batch, null, new Workspace(m.layout(), tokens.size(), maxLen), sink);
        }
        for (int i = 0; i < tokens.size(); i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("line", lines.get(i)._2() + 1);
            if (tag) {
                r.put("tokens", tokens.get(i));
                List<String> tags = new ArrayList<>();
                for (int c : best[i]) tags.add(labels.get(c));
                r.put("tags", tags);
            } else {
                r.put("text", lines.get(i)._1());
                r.put("label", labels.get(best[i][0]));
                r.put("probability", prob[i][0]);
            }
            result.add(Json.object(r));
        }
    }
}
