package dev.sparkrnn.ml;

import dev.sparkrnn.config.Settings;
import dev.sparkrnn.ingest.DataFrameRecords;
import dev.sparkrnn.ingest.TextCorpus;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.task.CharLmTask;
import dev.sparkrnn.task.Task;
import java.util.Set;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A character language model (the command line's {@code char-lm} task: predict the next character of a text):
 * each row of the string column {@code inputCol} is a line of the corpus, the rows in the DataFrame's order (row
 * n is line n of a text file). Lines are grouped in blocks of {@code textBlockLines}, cut into sequences of
 * {@code sequenceLength} characters; the validation text is the rows {@code validationCol} marks, else
 * {@code validationFraction} of the blocks. The sampling Params are the defaults of the model's
 * {@code transform}, which continues primes.
 *
 * <pre>{@code
 * RnnCharLmModel lm = new RnnCharLm().setInputCol("line").setHidden(128).setSequenceLength(50).fit(lines);
 * lm.transform(primes).select("prime", "prediction");
 * }</pre>
 */
public final class RnnCharLm extends RnnEstimator<RnnCharLm, RnnCharLmModel> implements SamplingParams<RnnCharLm> {
    private static final long serialVersionUID = 1L;
    private static final CharLmTask TASK = new CharLmTask();

    private final IntParam sequenceLength;
    private final IntParam textBlockLines;
    private final Declared sampling;

    public RnnCharLm() {
        this(Identifiable.randomUID("rnnCharLm"));
    }

    public RnnCharLm(String uid) {
        super(uid);
        sequenceLength = SettingParams.param(this, "sequenceLength", "sequence.length");
        textBlockLines = SettingParams.param(this, "textBlockLines", "text.block.lines");
        sampling = Declared.of(this);
    }

    public static MLReader<RnnCharLm> read() {
        return new DefaultParamsReader<>();
    }

    public static RnnCharLm load(String path) {
        return read().load(path);
    }

    /** The text and the validation text of the DataFrame's rows, as a corpus of lines. */
    private record Corpus(TextCorpus text, TextCorpus validation) implements Rows {
        @Override
        public Task task() {
            return TASK;
        }

        @Override
        public Task.Prepared prepare(Settings s, int partitions) {
            return TASK.prepare(s, partitions, text, validation);
        }

        @Override
        public void unpersist() {
            // a corpus keeps nothing: each use reads the rows again
        }
    }

    @Override
    String task(StructType schema) {
        return TASK.name();
    }

    /** The rows as lines of {@code name}; with {@code validation}, each side's rows numbered apart (named so). */
    @Override
    Rows rows(Dataset<Row> df, String validation, String name, Settings s) {
        if (validation == null) return new Corpus(CharLmTask.corpus(DataFrameRecords.lines(df, getInputCol(), name), name, s), null);
        String training = name + " rows not marked by " + validation, marked = name + " rows marked by " + validation;
        return new Corpus(CharLmTask.corpus(DataFrameRecords.lines(df, getInputCol(), validation, false, training), training, s),
                CharLmTask.corpus(DataFrameRecords.lines(df, getInputCol(), validation, true, marked), marked, s));
    }

    @Override
    void checkInput(StructType schema) {
        Columns.requireString(schema, getInputCol(), "the text, a line per row");
    }

    @Override
    RnnCharLmModel model(String uid, SavedModel saved, StructType schema) {
        return new RnnCharLmModel(uid, saved);
    }

    /** The model's inputCol is its primes' column, not the training text's. */
    @Override
    Set<String> notShared() {
        return Set.of("inputCol");
    }

    @Override
    StructType outputSchema(StructType schema) {
        return Columns.append(schema, GeneratingModel.fields(getPredictionCol()));
    }

    @Override
    public Declared sampling() {
        return sampling;
    }

    /** The longest sequence in characters (truncated backpropagation through time within it). */
    public IntParam sequenceLength() {
        return sequenceLength;
    }

    public int getSequenceLength() {
        return (Integer) getOrDefault(sequenceLength);
    }

    public RnnCharLm setSequenceLength(int value) {
        return with(sequenceLength, value);
    }

    /** Rows (lines) per block of text: the unit of the validation split. */
    public IntParam textBlockLines() {
        return textBlockLines;
    }

    public int getTextBlockLines() {
        return (Integer) getOrDefault(textBlockLines);
    }

    public RnnCharLm setTextBlockLines(int value) {
        return with(textBlockLines, value);
    }
}
