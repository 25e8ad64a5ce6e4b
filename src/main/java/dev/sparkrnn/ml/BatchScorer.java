package dev.sparkrnn.ml;

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
 * {@code transform} of a spark.ml model, one partition at a time: rows are read in chunks, each chunk's inputs
 * are sorted by length (so that a batch holds sequences of about one length and the kernel computes little
 * padding) and scored by one {@link Scorer} (one network and one scratch per task, built once per partition),
 * and the rows leave in their input order with the output columns appended. A row with nothing to score (a null
 * input, no token) gets nulls. Memory per task: a chunk of rows and the scorer's scratch, whatever the
 * partition's size.
 */
final class BatchScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    /** How a kind of model scores: what the executors receive (broadcast once per transform). */
    interface Scoring extends Serializable {
        /** The scorer of one partition. */
        Scorer open();
    }

    /** Scores sources in batches (not thread-safe: one per partition). */
    interface Scorer {
        /** A row's input as the model reads it ({@code int[]} token indices or a {@code double[]} vector); null: nothing to score. */
        Object encode(Row row);

        /** The output columns' values of each source, in the order given (sorted by length). */
        List<Object[]> score(List<Object> sources);

        /** The output columns' values of a row with nothing to score. */
        Object[] none();

        /** The length of an encoded source, by which a chunk is sorted. */
        default int length(Object source) {
            return source instanceof int[] tokens ? tokens.length : 1;
        }
    }

    private final Broadcast<? extends Scoring> scoring;
    private final int chunk;

    /** @param chunk rows read, sorted and scored together */
    BatchScorer(Broadcast<? extends Scoring> scoring, int chunk) {
        this.scoring = scoring;
        this.chunk = chunk;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        Scorer scorer = scoring.value().open();
        return new Iterator<>() {
            private final ArrayDeque<Row> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                if (ready.isEmpty() && rows.hasNext()) score(rows, scorer, ready);
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                return ready.poll();
            }
        };
    }

    /** Reads up to {@code chunk} rows, scores them sorted by length and queues them in input order. */
    private void score(Iterator<Row> rows, Scorer scorer, ArrayDeque<Row> ready) {
        List<Row> read = new ArrayList<>(chunk);
        List<Object> encoded = new ArrayList<>(chunk);
        List<Integer> scored = new ArrayList<>(chunk);
        while (read.size() < chunk && rows.hasNext()) {
            Row r = rows.next();
            Object source = scorer.encode(r);
            if (source != null) scored.add(read.size());
            encoded.add(source);
            read.add(r);
        }
        scored.sort((a, b) -> Integer.compare(scorer.length(encoded.get(a)), scorer.length(encoded.get(b))));   // stable
        List<Object> sorted = new ArrayList<>(scored.size());
        for (int i : scored) sorted.add(encoded.get(i));
        List<Object[]> out = scorer.score(sorted);
        Object[][] values = new Object[read.size()][];
        for (int j = 0; j < scored.size(); j++) values[scored.get(j)] = out.get(j);
        for (int i = 0; i < read.size(); i++) ready.add(appended(read.get(i), values[i] != null ? values[i] : scorer.none()));
    }

    private static Row appended(Row r, Object[] extra) {
        Object[] v = new Object[r.length() + extra.length];
        for (int i = 0; i < r.length(); i++) v[i] = r.get(i);
        System.arraycopy(extra, 0, v, r.length(), extra.length);
        return RowFactory.create(v);
    }
}
