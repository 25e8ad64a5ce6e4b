package dev.sparkrnn.task;

import dev.sparkrnn.config.Settings;
import dev.sparkrnn.ingest.BadInputException;
import dev.sparkrnn.ingest.BadInputPolicy;
import dev.sparkrnn.ingest.Checked;
import dev.sparkrnn.ingest.Located;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * A task whose input is records (sentences, tagged sentences, series, sequence pairs), read from its input
 * files or elsewhere (the rows of a spark.ml estimator's DataFrame, parsed into the records its reader would
 * give), then split, encoded and prepared the same way.
 *
 * @param <R> the task's records
 */
public abstract class RecordTask<R extends Located> implements Task {

    /** Reads records from a path (a file or directory of the task's input format). */
    abstract Checked<R> read(SparkSession spark, String path, Settings s, BadInputPolicy policy);

    /** The key that keeps related records on one side of the validation split; null: each record alone. */
    Function<R, String> group() {
        return null;
    }

    /** Encodes the training and validation parts of the records and builds the network. */
    abstract Prepared prepare(Settings s, int partitions, TaskInput in, TaskInput.Split<R> split);

    @Override
    public final Prepared prepare(JavaSparkContext sc, Settings s, int partitions) {
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        TaskInput in = TaskInput.of(s);
        try {
            return prepare(s, partitions, in, in.split(path -> read(spark, path, s, in.policy()), group()));
        } catch (BadInputException ex) {
            throw new InputDataException(ex.getMessage(), ex);
        }
    }

    /**
     * Prepares {@code all} as {@link #prepare(JavaSparkContext, Settings, int)} does the records of {@code input}:
     * {@code validation} null holds out {@code validation.fraction} of {@code all}.
     *
     * @throws InputDataException a bad record under input.bad = fail
     */
    public final Prepared prepare(Settings s, int partitions, Checked<R> all, Checked<R> validation) {
        try {
            TaskInput in = TaskInput.of(s);
            return prepare(s, partitions, in, in.split(all, validation, group()));
        } catch (BadInputException ex) {
            throw new InputDataException(ex.getMessage(), ex);
        }
    }
}
