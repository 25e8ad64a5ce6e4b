package dev.sparkrnn.task;

import dev.sparkrnn.data.Vocabulary;
import dev.sparkrnn.infer.Labeller;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.persist.SavedModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * {@code predict} of a classifier or tagger: each line of the input is cut into tokens, lines go through a
 * {@link Labeller} in batches of {@code train.batch} on the executors (one network and scratch per
 * partition, one batch of lines held at a time), and each gets one JSON line, in input order; an empty line gets
 * {@code {"line":N,"empty":true}}.
 */
final class LinePredictions {
    private LinePredictions() {
    }

    /** A line's tokens. */
    interface Tokenizer extends Serializable {
        List<String> tokens(String line);
    }

    /** A line's JSON object from its text, tokens, the label names and its labels. */
    interface Output extends Serializable {
        Map<String, Object> json(long line, String text, List<String> tokens, List<String> labels, Labeller.Labels l);
    }

    /** What the executors need of a model. */
    private record Model(Network network, double[] params, List<String> vocabulary, List<String> labels)
            implements Serializable { }

    /** Writes the predictions of each line of {@code input} to {@code out}; returns the lines written. */
    static long write(JavaSparkContext sc, SavedModel model, String input, String out, int batchSize, int window,
                      Precision precision, Tokenizer tokenizer, Output output) {
        Broadcast<Model> bc = sc.broadcast(new Model(model.network(), model.params(),
                new ArrayList<>(model.metadata().vocabulary()), new ArrayList<>(model.metadata().labels())));
        JavaRDD<String> lines = sc.textFile(input).zipWithIndex().mapPartitions(it -> {
            Model m = bc.value();
            Vocabulary words = Vocabulary.fromEntries(m.vocabulary(), true);
            Labeller labeller = new Labeller(m.network(), m.params(), batchSize, window, precision);
            // a batch of lines at a time, in input order: the lines with tokens labelled together
            return InBatches.map(it, batchSize, (List<Tuple2<String, Long>> batch) -> {
                List<List<String>> tokens = new ArrayList<>(batch.size());
                List<int[]> encoded = new ArrayList<>(batch.size());
                for (Tuple2<String, Long> line : batch) {
                    List<String> t = tokenizer.tokens(line._1());
                    tokens.add(t);
                    if (!t.isEmpty()) encoded.add(words.encode(t));
                }
                List<Labeller.Labels> labels = encoded.isEmpty() ? List.of() : labeller.label(encoded);
                List<String> result = new ArrayList<>(batch.size());
                for (int i = 0, j = 0; i < batch.size(); i++) {
                    long n = batch.get(i)._2() + 1;
                    result.add(tokens.get(i).isEmpty() ? Json.object(Map.of("line", n, "empty", true))
                            : Json.object(output.json(n, batch.get(i)._1(), tokens.get(i), m.labels(), labels.get(j++))));
                }
                return result;
            });
        });
        lines.saveAsTextFile(out);
        return sc.textFile(out).count();
    }
}
