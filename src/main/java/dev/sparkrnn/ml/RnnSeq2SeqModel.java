package dev.sparkrnn.ml;

import dev.sparkrnn.config.Settings;
import dev.sparkrnn.ingest.DataFrameRecords;
import dev.sparkrnn.kernel.EncoderDecoderNetwork;
import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.task.Seq2SeqTask;
import dev.sparkrnn.task.Trained;
import java.util.List;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A trained sequence-to-sequence model ({@link RnnSeq2Seq}, or a {@code seq2seq} model of the command line). Its
 * {@code transform} decodes each row's source ({@code inputCol}: a string cut as the training sources were, or
 * an {@code array<string>} of tokens) with beam search of width {@code beam} (1: greedy) up to
 * {@code decodeMaxLength} tokens, {@code batchSize} sources at a time in {@code precision}, and appends the prediction (a string,
 * its tokens joined by the target unit), p(prediction | source) ({@code probabilityCol}) and its logarithm
 * ({@code logProbabilityCol}); a row with no source token gets nulls.
 */
public final class RnnSeq2SeqModel extends BatchedModel<RnnSeq2SeqModel> {
    private static final long serialVersionUID = 1L;

    private final IntParam beam;
    private final IntParam decodeMaxLength;
    private final Param<String> logProbabilityCol;

    public RnnSeq2SeqModel(String uid, SavedModel saved) {
        super(uid, saved, "seq2seq");
        Settings trained = Trained.settings(saved);
        setDefault(inputCol(), "source");
        beam = SettingParams.param(this, "beam", "decode.beam");
        setDefault(beam, trained.integer("decode.beam"));
        decodeMaxLength = SettingParams.param(this, "decodeMaxLength", "decode.max.length");
        setDefault(decodeMaxLength, trained.integer("decode.max.length"));
        logProbabilityCol = Columns.param(this, "logProbabilityCol", "the column of ln p(prediction | input) (empty: none)",
                "logProbability");
    }

    /** A model the command line trained (a new uid, default Params). */
    public RnnSeq2SeqModel(SavedModel saved) {
        this(Identifiable.randomUID("rnnSeq2SeqModel"), saved);
    }

    public static MLReader<RnnSeq2SeqModel> read() {
        return new StageFiles.Reader<>(RnnSeq2SeqModel.class, "rnnSeq2SeqModel", RnnSeq2SeqModel::new);
    }

    public static RnnSeq2SeqModel load(String path) {
        return read().load(path);
    }

    @Override
    RnnSeq2SeqModel make(String uid, SavedModel saved) {
        return new RnnSeq2SeqModel(uid, saved);
    }

    static List<StructField> fields(String prediction, String probability, String logProbability) {
        return List.of(DataTypes.createStructField(prediction, DataTypes.StringType, true),
                DataTypes.createStructField(probability, DataTypes.DoubleType, true),
                DataTypes.createStructField(logProbability, DataTypes.DoubleType, true));
    }

    @Override
    List<StructField> outputFields() {
        return fields(getPredictionCol(), getProbabilityCol(), getLogProbabilityCol());
    }

    @Override
    BatchScorer.Scoring scoring(StructType schema, int index) {
        SavedModel saved = savedModel();
        return new DecodeScoring((EncoderDecoderNetwork) saved.network(), saved.params(),
                Seq2SeqTask.encoder(saved, Trained.settings(saved)), index,
                DataFrameRecords.isTokens(schema.apply(index).dataType()), Seq2SeqTask.readsBackwards(saved), getBeam(),
                getDecodeMaxLength(), getBatchSize(), Precision.of(getPrecision()), !getPredictionCol().isEmpty(), !getProbabilityCol().isEmpty(),
                !getLogProbabilityCol().isEmpty());
    }

    /** Beam width of the decoding (1: greedy; default: the model's decode.beam). */
    public IntParam beam() {
        return beam;
    }

    public int getBeam() {
        return (Integer) getOrDefault(beam);
    }

    public RnnSeq2SeqModel setBeam(int value) {
        return (RnnSeq2SeqModel) set(beam, value);
    }

    /** The longest prediction in tokens (default: the model's decode.max.length). */
    public IntParam decodeMaxLength() {
        return decodeMaxLength;
    }

    public int getDecodeMaxLength() {
        return (Integer) getOrDefault(decodeMaxLength);
    }

    public RnnSeq2SeqModel setDecodeMaxLength(int value) {
        return (RnnSeq2SeqModel) set(decodeMaxLength, value);
    }

    public Param<String> logProbabilityCol() {
        return logProbabilityCol;
    }

    public String getLogProbabilityCol() {
        return getOrDefault(logProbabilityCol);
    }

    public RnnSeq2SeqModel setLogProbabilityCol(String value) {
        return (RnnSeq2SeqModel) set(logProbabilityCol, value);
    }
}
