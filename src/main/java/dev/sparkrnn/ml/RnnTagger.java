package dev.sparkrnn.ml;

import dev.sparkrnn.config.Settings;
import dev.sparkrnn.ingest.DataFrameRecords;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.task.TagTask;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A tagger (many-to-many aligned, the command line's {@code tag} task): a sentence's tokens
 * ({@code array<string>}, or a string split at white space) and one tag per token ({@code labelCol},
 * {@code array<string>}). Tokens are lowercased when {@code lowercase} is set. The model predicts a tag per
 * token ({@code bidirectional} reads the sentence both ways).
 */
public final class RnnTagger extends ProbabilisticEstimator<RnnTagger, RnnTaggingModel>
        implements LabelSetParams<RnnTagger>, WordLabellingParams<RnnTagger>, LowercaseParam<RnnTagger> {
    private static final long serialVersionUID = 1L;
    private final LabelSetParams.Declared labelSet;
    private final WordLabellingParams.Declared wordLabelling;
    private final BooleanParam lowercase;
    private static final TagTask TASK = new TagTask();

    public RnnTagger() {
        this(Identifiable.randomUID("rnnTagger"));
    }

    public RnnTagger(String uid) {
        super(uid);
        labelSet = LabelSetParams.Declared.of(this);
        wordLabelling = WordLabellingParams.Declared.of(this);
        lowercase = LowercaseParam.declare(this);
        setDefault(inputCol(), "tokens");
        setDefault(labelCol(), "tags");
    }

    @Override
    public LabelSetParams.Declared labelSet() {
        return labelSet;
    }

    @Override
    public WordLabellingParams.Declared wordLabelling() {
        return wordLabelling;
    }

    @Override
    public BooleanParam lowercase() {
        return lowercase;
    }

    public static MLReader<RnnTagger> read() {
        return new DefaultParamsReader<>();
    }

    public static RnnTagger load(String path) {
        return read().load(path);
    }

    @Override
    String task(StructType schema) {
        return TASK.name();
    }

    @Override
    Rows rows(Dataset<Row> df, String validation, String name, Settings s) {
        return new Records<>(TASK, DataFrameRecords.tagged(df, getInputCol(), getLabelCol(), validation, getLowercase(), name,
                policy(s)));
    }

    @Override
    RnnTaggingModel model(String uid, SavedModel saved, StructType schema) {
        return new RnnTaggingModel(uid, saved);
    }

    @Override
    void checkLabel(StructType schema) {
        DataFrameRecords.requireTokens(schema, getLabelCol(), "the tags");
    }

    @Override
    StructType outputSchema(StructType schema) {
        return Columns.append(schema, RnnTaggingModel.fields(getPredictionCol(), getProbabilityCol()));
    }
}
