package dev.sparkrnn.ml;

import dev.sparkrnn.config.Settings;
import dev.sparkrnn.ingest.DataFrameRecords;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.task.ConditionalLmTask;
import java.util.Set;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A conditional language model (the command line's {@code conditional-lm} task, one-to-many: a sentence given
 * its label): a sentence per row ({@code inputCol}, a string tokenized as the command line tokenizes its input,
 * or an {@code array<string>} of tokens) and its label ({@code labelCol}, a string or a number), as for
 * {@link RnnClassifier}. The label is the encoder's one-step source; with {@code feedContext} its state is also
 * fed to every decoder step. The sampling Params and {@code prime} are the defaults of the model's
 * {@code transform}, which samples sentences for labels.
 *
 * <pre>{@code
 * RnnConditionalLmModel reviews = new RnnConditionalLm().setLabels("0,1").setHidden(128).fit(labelled);
 * reviews.transform(labels).select("label", "prediction");
 * }</pre>
 */
public final class RnnConditionalLm extends LabelledEstimator<RnnConditionalLm, RnnConditionalLmModel>
        implements LabelSetParams<RnnConditionalLm>, SamplingParams<RnnConditionalLm> {
    private static final long serialVersionUID = 1L;
    private final LabelSetParams.Declared labelSet;
    private static final ConditionalLmTask TASK = new ConditionalLmTask();

    private final Param<String> prime;
    private final BooleanParam feedContext;
    private final SamplingParams.Declared sampling;

    public RnnConditionalLm() {
        this(Identifiable.randomUID("rnnConditionalLm"));
    }

    public RnnConditionalLm(String uid) {
        super(uid);
        labelSet = LabelSetParams.Declared.of(this);
        prime = SettingParams.param(this, "prime", "generate.prime");
        feedContext = SettingParams.param(this, "feedContext", "model.feed.context");
        sampling = SamplingParams.Declared.of(this);
    }

    @Override
    public LabelSetParams.Declared labelSet() {
        return labelSet;
    }

    public static MLReader<RnnConditionalLm> read() {
        return new DefaultParamsReader<>();
    }

    public static RnnConditionalLm load(String path) {
        return read().load(path);
    }

    @Override
    String task(StructType schema) {
        return TASK.name();
    }

    @Override
    Rows rows(Dataset<Row> df, String validation, String name, Settings s) {
        return new Records<>(TASK, DataFrameRecords.sentences(df, getInputCol(), getLabelCol(), validation, name, policy(s)));
    }

    @Override
    RnnConditionalLmModel model(String uid, SavedModel saved, StructType schema) {
        return new RnnConditionalLmModel(uid, saved);
    }

    /** The model's inputCol is its labels' column, not the training sentences'. */
    @Override
    Set<String> notShared() {
        return Set.of("inputCol");
    }

    @Override
    void checkLabel(StructType schema) {
        DataFrameRecords.requireLabels(schema, getLabelCol());
    }

    @Override
    StructType outputSchema(StructType schema) {
        return Columns.append(schema, GeneratingModel.fields(getPredictionCol()));
    }

    @Override
    public SamplingParams.Declared sampling() {
        return sampling;
    }

    /** The words every sampled sentence starts with. */
    public Param<String> prime() {
        return prime;
    }

    public String getPrime() {
        return getOrDefault(prime);
    }

    public RnnConditionalLm setPrime(String value) {
        return with(prime, value);
    }

    public BooleanParam feedContext() {
        return feedContext;
    }

    public boolean getFeedContext() {
        return (Boolean) getOrDefault(feedContext);
    }

    public RnnConditionalLm setFeedContext(boolean value) {
        return with(feedContext, value);
    }
}
