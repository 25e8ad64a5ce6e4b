package dev.sparkrnn.ml;

import dev.sparkrnn.config.Settings;
import dev.sparkrnn.ingest.DataFrameRecords;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.task.ClassifyTask;
import dev.sparkrnn.task.SeriesTask;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A sequence classifier (many-to-one, the command line's {@code classify} task): a sentence, as a string
 * tokenized as the command line tokenizes its input or as an {@code array<string>} of tokens, and a label
 * (string or number) per row. The model predicts the label read after the last step.
 *
 * <pre>{@code
 * RnnClassificationModel model = new RnnClassifier().setInputCol("text").setLabelCol("label")
 *         .setHidden(64).setEpochs(5).fit(train);
 * model.transform(test).select("text", "prediction", "probability");
 * }</pre>
 */
public final class RnnClassifier extends ProbabilisticEstimator<RnnClassifier, RnnClassificationModel>
        implements LabelSetParams<RnnClassifier>, WordLabellingParams<RnnClassifier> {
    private static final long serialVersionUID = 1L;
    private final LabelSetParams.Declared labelSet;
    private final WordLabellingParams.Declared wordLabelling;
    private static final ClassifyTask TASK = new ClassifyTask();
    private static final SeriesTask SERIES = new SeriesTask();

    public RnnClassifier() {
        this(Identifiable.randomUID("rnnClassifier"));
    }

    public RnnClassifier(String uid) {
        super(uid);
        labelSet = LabelSetParams.Declared.of(this);
        wordLabelling = WordLabellingParams.Declared.of(this);
        rawPredictionCol = Columns.param(this, "rawPredictionCol", "the column of ln y^, the log-probabilities of the labels"
                + " (empty: none)", "rawPrediction");
    }

    private final Param<String> rawPredictionCol;

    public Param<String> rawPredictionCol() {
        return rawPredictionCol;
    }

    public String getRawPredictionCol() {
        return getOrDefault(rawPredictionCol);
    }

    public RnnClassifier setRawPredictionCol(String value) {
        return with(rawPredictionCol, value);
    }

    @Override
    public LabelSetParams.Declared labelSet() {
        return labelSet;
    }

    @Override
    public WordLabellingParams.Declared wordLabelling() {
        return wordLabelling;
    }

    public static MLReader<RnnClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static RnnClassifier load(String path) {
        return read().load(path);
    }

    /** True when the input column holds series (dense steps), not a sentence. */
    private boolean series(StructType schema) {
        return DataFrameRecords.isSeries(DataFrameRecords.type(schema, getInputCol()));
    }

    @Override
    String task(StructType schema) {
        return series(schema) ? SERIES.name() : TASK.name();
    }

    @Override
    Rows rows(Dataset<Row> df, String validation, String name, Settings s) {
        if (series(df.schema())) {
            return new Records<>(SERIES, DataFrameRecords.series(df, getInputCol(), getLabelCol(), validation, name, policy(s)));
        }
        return new Records<>(TASK, DataFrameRecords.sentences(df, getInputCol(), getLabelCol(), validation, name, policy(s)));
    }

    @Override
    void checkInput(StructType schema) {
        Columns.requireTextOrSeries(schema, getInputCol());
    }

    @Override
    RnnClassificationModel model(String uid, SavedModel saved, StructType schema) {
        RnnClassificationModel m = new RnnClassificationModel(uid, saved);
        m.set(m.numericLabels(), DataFrameRecords.isNumeric(schema.apply(getLabelCol()).dataType()));
        return m;
    }

    @Override
    void checkLabel(StructType schema) {
        DataFrameRecords.requireLabels(schema, getLabelCol());
    }

    @Override
    StructType outputSchema(StructType schema) {
        boolean numeric = DataFrameRecords.isNumeric(schema.apply(getLabelCol()).dataType());
        return Columns.append(schema, RnnClassificationModel.fields(getPredictionCol(), getProbabilityCol(),
                getRawPredictionCol(), numeric));
    }
}
