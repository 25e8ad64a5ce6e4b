package dev.sparkrnn.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.storage.StorageLevel;

/**
 * Records read (or encoded) from an input together with the problems met on the way, under one
 * {@link BadInputPolicy}.
 *
 * <p>How bad input is accounted: every input record becomes a {@link Parsed} (a record or a {@link Problem})
 * in one RDD, so nothing is counted by side effect. {@link #records()} under {@code FAIL} first runs one
 * Spark job that looks for problems and throws a {@link BadInputException} on the driver for the first by
 * position (file, then line), so the message is the clean "file line N: what"; under {@code SKIP} it just
 * leaves the problems out. {@link #report(int)} counts the problems in a separate pass (two small jobs:
 * counts by {@link Defect}, first messages), exact however often tasks were retried (which accumulators
 * are not). Readers return their result persisted (memory and disk) because it is read several times
 * (check, vocabulary, encoding); {@link #unpersist()} releases it.
 */
public final class Checked<T> {
    private final JavaRDD<Parsed<T>> all;
    private final BadInputPolicy policy;
    private boolean verified;

    private Checked(JavaRDD<Parsed<T>> all, BadInputPolicy policy) {
        this.all = all;
        this.policy = policy;
    }

    public static <T> Checked<T> of(JavaRDD<Parsed<T>> all, BadInputPolicy policy) {
        return new Checked<>(all, policy);
    }

    public BadInputPolicy policy() {
        return policy;
    }

    /** Records and problems together. */
    public JavaRDD<Parsed<T>> all() {
        return all;
    }

    /**
     * The usable records. Under {@code FAIL} this first checks the whole input (one job) and throws a
     * {@link BadInputException} naming the first problem's file and line.
     */
    public JavaRDD<T> records() {
        if (policy == BadInputPolicy.FAIL && !verified) {
            List<Problem> first = problems().takeOrdered(1, BY_POSITION);
            if (!first.isEmpty()) throw new BadInputException(first.get(0));
            verified = true;
        }
        return all.filter(Parsed::isOk).map(Parsed::record);
    }

    public JavaRDD<Problem> problems() {
        return all.filter(p -> !p.isOk()).map(Parsed::problem);
    }

    /** Counts of the problems by defect and the first {@code maxMessages} messages by position. */
    public BadInputReport report(int maxMessages) {
        JavaRDD<Problem> problems = problems();
        Map<Defect, Long> counts = problems.map(Problem::defect).countByValue();
        List<String> first = new ArrayList<>();
        if (maxMessages > 0 && !counts.isEmpty()) {
            for (Problem p : problems.takeOrdered(maxMessages, BY_POSITION)) first.add(p.message());
        }
        return new BadInputReport(counts, first);
    }

    /** Each record becomes zero or more records or problems; problems pass through unchanged. */
    public <U> Checked<U> flatMap(FlatMapFunction<T, Parsed<U>> f) {
        return new Checked<>(all.flatMap(through(f)), policy);
    }

    /** The records and problems that pass the filter (e.g. one side of a hold-out split). */
    public Checked<T> filter(org.apache.spark.api.java.function.Function<Parsed<T>, Boolean> keep) {
        return new Checked<>(all.filter(keep), policy);
    }

    /** Persists the records and problems in memory and on disk (what readers already do); returns this. */
    public Checked<T> persist() {
        if (all.getStorageLevel().equals(StorageLevel.NONE())) all.persist(StorageLevel.MEMORY_AND_DISK());
        return this;
    }

    public void unpersist() {
        all.unpersist(false);
    }

    private static <T, U> FlatMapFunction<Parsed<T>, Parsed<U>> through(FlatMapFunction<T, Parsed<U>> f) {
        return p -> {
            if (p.isOk()) return f.call(p.record());
            Iterator<Parsed<U>> one = List.of(Parsed.<U>bad(p.problem())).iterator();
            return one;
        };
    }

    /** Problems in order of position. */
    static final Comparator<Problem> BY_POSITION = new ByPosition();

    private static final class ByPosition implements Comparator<Problem>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(Problem a, Problem b) {
            int c = a.source().compareTo(b.source());
            return c != 0 ? c : a.detail().compareTo(b.detail());
        }
    }
}
