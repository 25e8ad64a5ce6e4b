package dev.sparkrnn.persist;

import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * A model directory that {@link ModelFiles#read} refuses: incomplete (no {@code _SUCCESS}), a missing or
 * unreadable file, metadata that contradicts itself, a wrong parameter count or a checksum mismatch. The
 * message says what is wrong and names the directory or file; {@link #path()} is that path.
 */
public class InvalidModelException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    public InvalidModelException(Path path, String message) {
        this(path, message, null);
    }

    public InvalidModelException(Path path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /** The model directory or the file in it that is at fault. */
    public Path path() {
        return path;
    }
}
