package dev.sparkrnn.ml;

import dev.sparkrnn.config.Settings;
import dev.sparkrnn.ingest.DataFrameRecords;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.task.Seq2SeqTask;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A sequence-to-sequence model (many-to-many unaligned, the command line's {@code seq2seq} task: an encoder RNN
 * reads the source, a decoder RNN writes the target from the encoder's last state): a source column and a
 * target column ({@code labelCol}), each a {@code string} cut into tokens by {@code sourceUnit} /
 * {@code targetUnit} (characters, words or white-space tokens) or an {@code array<string>} of tokens. Rows
 * with the same source stay on one side of the validation split. The model decodes with {@code beam}.
 *
 * <pre>{@code
 * RnnSeq2SeqModel g2p = new RnnSeq2Seq().setInputCol("word").setLabelCol("phonemes")
 *         .setSourceUnit("char").setTargetUnit("space").setHidden(256).fit(lexicon);
 * g2p.setBeam(4).transform(words).select("word", "prediction");
 * }</pre>
 */
public final class RnnSeq2Seq extends ProbabilisticEstimator<RnnSeq2Seq, RnnSeq2SeqModel>
        implements LowercaseParam<RnnSeq2Seq> {
    private static final long serialVersionUID = 1L;
    private final BooleanParam lowercase;
    private static final Seq2SeqTask TASK = new Seq2SeqTask();

    private final Param<String> sourceUnit;
    private final Param<String> targetUnit;
    private final BooleanParam sourceReverse;
    private final BooleanParam feedContext;
    private final IntParam beam;
    private final IntParam decodeMaxLength;
    private final Param<String> logProbabilityCol;

    public RnnSeq2Seq() {
        this(Identifiable.randomUID("rnnSeq2Seq"));
    }

    public RnnSeq2Seq(String uid) {
        super(uid);
        lowercase = LowercaseParam.declare(this);
        setDefault(inputCol(), "source");
        setDefault(labelCol(), "target");
        sourceUnit = SettingParams.param(this, "sourceUnit", "source.unit");
        targetUnit = SettingParams.param(this, "targetUnit", "target.unit");
        sourceReverse = SettingParams.param(this, "sourceReverse", "source.reverse");
        feedContext = SettingParams.param(this, "feedContext", "model.feed.context");
        beam = SettingParams.param(this, "beam", "decode.beam");
        decodeMaxLength = SettingParams.param(this, "decodeMaxLength", "decode.max.length");
        logProbabilityCol = Columns.param(this, "logProbabilityCol", "the column of ln p(prediction | input) (empty: none)",
                "logProbability");
    }

    @Override
    public BooleanParam lowercase() {
        return lowercase;
    }

    public static MLReader<RnnSeq2Seq> read() {
        return new DefaultParamsReader<>();
    }

    public static RnnSeq2Seq load(String path) {
        return read().load(path);
    }

    @Override
    String task(StructType schema) {
        return TASK.name();
    }

    @Override
    Settings settings(List<String> extra) {
        List<String> all = new ArrayList<>(extra);
        all.add("input.format=pairs");
        return super.settings(all);
    }

    @Override
    Rows rows(Dataset<Row> df, String validation, String name, Settings s) {
        return new Records<>(TASK, DataFrameRecords.pairs(df, getInputCol(), getLabelCol(), validation, Seq2SeqTask.pairSpec(s),
                name, policy(s)));
    }

    @Override
    RnnSeq2SeqModel model(String uid, SavedModel saved, StructType schema) {
        return new RnnSeq2SeqModel(uid, saved);
    }

    @Override
    void checkLabel(StructType schema) {
        Columns.requireText(schema, getLabelCol());
    }

    @Override
    StructType outputSchema(StructType schema) {
        return Columns.append(schema, RnnSeq2SeqModel.fields(getPredictionCol(), getProbabilityCol(), getLogProbabilityCol()));
    }

    /** How the source column is cut into tokens when it is a string: char, word or space (white-space tokens). */
    public Param<String> sourceUnit() {
        return sourceUnit;
    }

    public String getSourceUnit() {
        return getOrDefault(sourceUnit);
    }

    public RnnSeq2Seq setSourceUnit(String value) {
        return with(sourceUnit, value);
    }

    /** How the target column is cut into tokens when it is a string, and how predictions are joined. */
    public Param<String> targetUnit() {
        return targetUnit;
    }

    public String getTargetUnit() {
        return getOrDefault(targetUnit);
    }

    public RnnSeq2Seq setTargetUnit(String value) {
        return with(targetUnit, value);
    }

    public BooleanParam sourceReverse() {
        return sourceReverse;
    }

    public boolean getSourceReverse() {
        return (Boolean) getOrDefault(sourceReverse);
    }

    public RnnSeq2Seq setSourceReverse(boolean value) {
        return with(sourceReverse, value);
    }

    public BooleanParam feedContext() {
        return feedContext;
    }

    public boolean getFeedContext() {
        return (Boolean) getOrDefault(feedContext);
    }

    public RnnSeq2Seq setFeedContext(boolean value) {
        return with(feedContext, value);
    }

    /** Beam width of the validation decoding and, by default, of the model's transform (1: greedy). */
    public IntParam beam() {
        return beam;
    }

    public int getBeam() {
        return (Integer) getOrDefault(beam);
    }

    public RnnSeq2Seq setBeam(int value) {
        return with(beam, value);
    }

    public IntParam decodeMaxLength() {
        return decodeMaxLength;
    }

    public int getDecodeMaxLength() {
        return (Integer) getOrDefault(decodeMaxLength);
    }

    public RnnSeq2Seq setDecodeMaxLength(int value) {
        return with(decodeMaxLength, value);
    }

    public Param<String> logProbabilityCol() {
        return logProbabilityCol;
    }

    public String getLogProbabilityCol() {
        return getOrDefault(logProbabilityCol);
    }

    public RnnSeq2Seq setLogProbabilityCol(String value) {
        return with(logProbabilityCol, value);
    }
}
