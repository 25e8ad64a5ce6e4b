package dev.sparkrnn.ml;

import dev.sparkrnn.data.Vocabulary;
import dev.sparkrnn.infer.Labeller;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.Precision;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * {@code transform} of a classifier or tagger, one partition at a time: rows are read in chunks of
 * {@value #CHUNK_BATCHES} batches, each chunk's sentences are sorted by length (so that a batch holds sentences
 * of about one length and the kernel computes little padding) and labelled by one {@link Labeller} (one
 * network and one scratch per task, batches of {@code batchSize} through the batched forward pass), and the
 * rows leave in their input order with the output columns appended. A row whose input is null or has no
 * token gets nulls. Memory per task: a chunk of rows and the scratch (batch x window x H), whatever the
 * partition's size.
 */
final class BatchScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    static final int CHUNK_BATCHES = 16;

    /** What the executors need of a model. */
    record Packed(Network network, double[] params, List<String> vocabulary) implements Serializable { }

    /** A row's tokens (null or empty: nothing to label). */
    interface Input extends Serializable {
        List<String> tokens(Row row);
    }

    /** The output columns' values of one labelled sequence, and of a row without tokens. */
    interface Output extends Serializable {
        Object[] values(Labeller.Labels labels);

        Object[] none();
    }

    private final Broadcast<Packed> model;
    private final Input input;
    private final Output output;
    private final int batchSize;
    private final int window;
    private final Precision precision;
    private final boolean distributions;

    BatchScorer(Broadcast<Packed> model, Input input, Output output, int batchSize, int window, Precision precision,
                boolean distributions) {
        this.model = model;
        this.input = input;
        this.output = output;
        this.batchSize = batchSize;
        this.window = window;
        this.precision = precision;
        this.distributions = distributions;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        Packed m = model.value();
        Vocabulary words = Vocabulary.fromEntries(m.vocabulary(), true);
        Labeller labeller = new Labeller(m.network(), m.params(), batchSize, window, precision, distributions);
        int chunk = batchSize * CHUNK_BATCHES;
        return new Iterator<>() {
            private final ArrayDeque<Row> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                if (ready.isEmpty() && rows.hasNext()) score(rows, chunk, words, labeller, ready);
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                return ready.poll();
            }
        };
    }

    /** Reads up to {@code chunk} rows, labels them sorted by length and queues them in input order. */
    private void score(Iterator<Row> rows, int chunk, Vocabulary words, Labeller labeller, ArrayDeque<Row> ready) {
        List<Row> read = new ArrayList<>(chunk);
        List<int[]> encoded = new ArrayList<>(chunk);
        List<Integer> labelled = new ArrayList<>(chunk);
        while (read.size() < chunk && rows.hasNext()) {
            Row r = rows.next();
            List<String> tokens = input.tokens(r);
            encoded.add(tokens == null || tokens.isEmpty() ? null : words.encode(tokens));
            if (encoded.get(read.size()) != null) labelled.add(read.size());
            read.add(r);
        }
        labelled.sort((a, b) -> Integer.compare(encoded.get(a).length, encoded.get(b).length));   // stable
        List<int[]> sorted = new ArrayList<>(labelled.size());
        for (int i : labelled) sorted.add(encoded.get(i));
        List<Labeller.Labels> labels = labeller.label(sorted);
        Object[][] values = new Object[read.size()][];
        for (int j = 0; j < labelled.size(); j++) values[labelled.get(j)] = output.values(labels.get(j));
        for (int i = 0; i < read.size(); i++) ready.add(appended(read.get(i), values[i] != null ? values[i] : output.none()));
    }

    private static Row appended(Row r, Object[] extra) {
        Object[] v = new Object[r.length() + extra.length];
        for (int i = 0; i < r.length(); i++) v[i] = r.get(i);
        System.arraycopy(extra, 0, v, r.length(), extra.length);
        return RowFactory.create(v);
    }
}
