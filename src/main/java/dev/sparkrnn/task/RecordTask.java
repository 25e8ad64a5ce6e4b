package dev.sparkrnn.task;

import dev.sparkrnn.config.Settings;
import dev.sparkrnn.ingest.Checked;
import dev.sparkrnn.ingest.Located;

/**
 * A task that also trains on records read elsewhere than its input files: the rows of a spark.ml estimator's
 * DataFrame, parsed into the records its reader would give.
 *
 * @param <R> the task's records
 */
public interface RecordTask<R extends Located> extends Task {

    /**
     * Prepares {@code all} as {@link #prepare(org.apache.spark.api.java.JavaSparkContext, Settings, int)} does the
     * records of {@code input}: {@code validation} null holds out {@code validation.fraction} of {@code all}.
     *
     * @throws InputDataException a bad record under input.bad = fail
     */
    Prepared prepare(Settings s, int partitions, Checked<R> all, Checked<R> validation);
}
