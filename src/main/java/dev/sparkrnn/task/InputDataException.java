package dev.sparkrnn.task;

/** The input data cannot be used; the message names the file and what is wrong. */
public final class InputDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
