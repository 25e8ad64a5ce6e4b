package dev.sparkrnn.persist;

import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * A checkpoint file that cannot be trusted: bad magic, truncated, a checksum mismatch, or an unreadable
 * header. {@link CheckpointStore#latest()} skips such a file (with a warning) and falls back to the previous
 * one; {@link CheckpointStore#read(Path)} throws it.
 */
public class CorruptCheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public CorruptCheckpointException(Path file, String problem) {
        this(file, problem, null);
    }

    public CorruptCheckpointException(Path file, String problem, Throwable cause) {
        super("corrupt checkpoint " + file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that failed to verify. */
    public Path file() {
        return file;
    }
}
