package dev.sparkrnn.persist;

import org.apache.hadoop.fs.Path;

/** A model written by a newer spark-rnn, in a format version this one cannot read. */
public class NewerModelFormatException extends InvalidModelException {
    private static final long serialVersionUID = 1L;

    private final int version;
    private final int supported;

    public NewerModelFormatException(Path dir, int version, int supported) {
        super(dir, "model " + dir + " was written by a newer spark-rnn (format " + version + " > " + supported
                + "); upgrade spark-rnn to read it");
        this.version = version;
        this.supported = supported;
    }

    /** The format version of the model. */
    public int version() {
        return version;
    }

    /** The newest format this spark-rnn reads. */
    public int supported() {
        return supported;
    }
}
