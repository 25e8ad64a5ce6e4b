package dev.sparkrnn.ml;

import dev.sparkrnn.persist.SavedModel;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What the spark.ml models share: a trained model ({@link SavedModel}, the one model
 * format of the command line), the input and prediction columns, and {@code transform}, which scores each
 * partition on the executors ({@link BatchScorer} over the model kind's scoring, {@link #chunk} rows at a time:
 * no driver round trip; works on a streaming DataFrame too). Saved ({@link #write}) as a model directory of the command line with the stage's Params in
 * {@code metadata/} beside, so that {@code evaluate} and {@code predict} read a stage saved by
 * {@code Pipeline.save}, and these models load a directory the command line wrote.
 *
 * @param <M> the model
 */
public abstract class RnnModel<M extends RnnModel<M>> extends Model<M> implements MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final transient SavedModel saved;
    private transient TrainingSummary summary;
    private final Param<String> inputCol;
    private final Param<String> predictionCol;

    /** @param tasks the tasks of the models this kind reads */
    protected RnnModel(String uid, SavedModel saved, String... tasks) {
        if (!List.of(tasks).contains(saved.metadata().task())) {
            throw new IllegalArgumentException("this is a '" + saved.metadata().task() + "' model, not a '"
                    + String.join("' or '", tasks) + "' one");
        }
        this.uid = uid;
        this.saved = saved;
        inputCol = Columns.param(this, "inputCol", "the input column: a sentence (string) or its tokens (array<string>)",
                "text");
        predictionCol = Columns.param(this, "predictionCol", "the predicted label column", "prediction");
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The trained model: network, parameters, vocabulary, labels and metadata. */
    public SavedModel savedModel() {
        return saved;
    }

    /** True when the model was fitted in this application (then {@link #summary} has the update history too). */
    public boolean hasSummary() {
        return summary != null;
    }

    /**
     * The training figures (validation loss, accuracy, macro-F1, what the input held, ...) and, for a model fitted
     * in this application, every update's metrics; a model loaded from disk has its figures only.
     */
    public TrainingSummary summary() {
        return summary != null ? summary : new TrainingSummary(saved.metadata().metrics(), List.of());
    }

    void setSummary(TrainingSummary summary) {
        this.summary = summary;
    }

    /** A model of the same kind for {@code saved} (copy, read). */
    abstract M make(String uid, SavedModel saved);

    /** How the executors score rows of {@code schema} whose input is at {@code index}. */
    abstract BatchScorer.Scoring scoring(StructType schema, int index);

    /** Rows {@code transform} reads from a partition before scoring them together. */
    abstract int chunk();

    /** The output columns (empty names included: they are left out). */
    abstract List<StructField> outputFields();

    /** Checks the input column's type. */
    void checkInput(StructType schema) {
        Columns.requireText(schema, getInputCol());
    }

    @Override
    public StructType transformSchema(StructType schema) {
        checkInput(schema);
        return Columns.append(schema, outputFields());
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema(), true);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        Broadcast<BatchScorer.Scoring> scoring = sc.broadcast(scoring(dataset.schema(), dataset.schema().fieldIndex(getInputCol())));
        BatchScorer scorer = new BatchScorer(scoring, chunk());
        return dataset.toDF().mapPartitions(scorer, Encoders.row(out));
    }

    @Override
    public M copy(ParamMap extra) {
        M copy = copyValues(make(uid, saved), extra);
        ((RnnModel<?>) copy).summary = summary;
        return copy.setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new StageFiles.Writer(this);
    }

    public final Param<String> inputCol() {
        return inputCol;
    }

    public String getInputCol() {
        return getOrDefault(inputCol);
    }

    @SuppressWarnings("unchecked")
    public M setInputCol(String value) {
        return (M) set(inputCol, value);
    }

    public final Param<String> predictionCol() {
        return predictionCol;
    }

    public String getPredictionCol() {
        return getOrDefault(predictionCol);
    }

    @SuppressWarnings("unchecked")
    public M setPredictionCol(String value) {
        return (M) set(predictionCol, value);
    }
}
