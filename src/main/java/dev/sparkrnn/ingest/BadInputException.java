package dev.sparkrnn.ingest;

/**
 * Input that cannot be used. The message names the file, the line (when there is one) and what is wrong,
 * e.g. {@code file:/data/sentiment.txt line 17: expected text<TAB>label, found no TAB}.
 */
public final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Problem problem;

    /** About one record. */
    public BadInputException(Problem problem) {
        super(problem.message());
        this.problem = problem;
    }

    /** About a whole input (no such file, a missing column, ...). */
    public BadInputException(String message) {
        super(message);
        this.problem = null;
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
        this.problem = null;
    }

    /** The record's problem, or null for a problem with the whole input. */
    public Problem problem() {
        return problem;
    }
}
