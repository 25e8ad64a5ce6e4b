package dev.sparkrnn.app;

/**
 * A job that failed with an exit code, thrown out of {@code main} in YARN cluster mode so that the
 * ApplicationMaster reports the application FAILED with this message (what was wrong, and where) as its
 * diagnostics.
 */
public final class JobFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public JobFailedException(int exitCode, String message) {
        super(message + " (spark-rnn exit code " + exitCode + ")");
        this.exitCode = exitCode;
    }

    /** The exit code the job would have ended with (2 configuration, 3 bad input, 4 diverged, 5 output in use, 1 other). */
    public int exitCode() {
        return exitCode;
    }
}
