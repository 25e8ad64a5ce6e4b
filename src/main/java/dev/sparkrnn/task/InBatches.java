package dev.sparkrnn.task;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A partition's items mapped a batch at a time, as they are read: what a task's {@code predict} writes per input
 * line, in input order, holding one batch of lines and its results at a time (never the whole partition).
 */
final class InBatches {
    private InBatches() {
    }

    /** What one batch of items becomes: one result per item, in order. */
    interface Batch<T, R> extends Serializable {
        List<R> map(List<T> items);
    }

    /** The results of {@code items} read {@code size} at a time. */
    static <T, R> Iterator<R> map(Iterator<T> items, int size, Batch<T, R> batch) {
        if (size < 1) throw new IllegalArgumentException("batches of at least one item: " + size);
        return new Iterator<>() {
            private final ArrayDeque<R> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && items.hasNext()) {
                    List<T> read = new ArrayList<>(size);
                    while (read.size() < size && items.hasNext()) read.add(items.next());
                    List<R> out = batch.map(read);
                    if (out.size() != read.size()) {
                        throw new IllegalStateException(read.size() + " items gave " + out.size() + " results");
                    }
                    ready.addAll(out);
                }
                return !ready.isEmpty();
            }

            @Override
            public R next() {
                if (!hasNext()) throw new NoSuchElementException();
                return ready.poll();
            }
        };
    }
}
