package dev.sparkrnn.persist;

import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * A checkpoint written by a newer spark-rnn in a format this one does not know. It is not corrupt, so
 * {@link CheckpointStore#latest()} does not fall back past it (that would silently drop the newer run's
 * progress): it throws this, and the run needs the newer spark-rnn or a fresh directory.
 */
public class NewerCheckpointFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int version;

    public NewerCheckpointFormatException(Path file, int version, int supported) {
        super("checkpoint " + file + " was written by a newer spark-rnn, format " + version + " > " + supported
                + "; use that version to resume, or another checkpoint directory to start afresh");
        this.file = file;
        this.version = version;
    }

    /** The file in the newer format. */
    public Path file() {
        return file;
    }

    /** The format version found in the file. */
    public int version() {
        return version;
    }
}
