package dev.sparkrnn.ingest;

import java.io.Serializable;

/** Either a record or the {@link Problem} that replaced it: what readers and encoders produce per input record. */
public final class Parsed<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final T record;
    private final Problem problem;

    private Parsed(T record, Problem problem) {
        this.record = record;
        this.problem = problem;
    }

    public static <T> Parsed<T> ok(T record) {
        if (record == null) throw new IllegalArgumentException("null record");
        return new Parsed<>(record, null);
    }

    public static <T> Parsed<T> bad(Problem problem) {
        if (problem == null) throw new IllegalArgumentException("null problem");
        return new Parsed<>(null, problem);
    }

    public static <T> Parsed<T> bad(Source source, Defect defect, String detail) {
        return bad(new Problem(source, defect, detail));
    }

    public boolean isOk() {
        return problem == null;
    }

    /** The record; throws {@link BadInputException} when this is a problem. */
    public T record() {
        if (problem != null) throw new BadInputException(problem);
        return record;
    }

    /** The problem, or null. */
    public Problem problem() {
        return problem;
    }

    @Override
    public String toString() {
        return problem != null ? "bad: " + problem : "ok: " + record;
    }
}
