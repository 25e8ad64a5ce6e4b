package dev.sparkrnn.ml;

import dev.sparkrnn.data.WordTokenizer;
import dev.sparkrnn.infer.Labeller;
import dev.sparkrnn.ingest.DataFrameRecords;
import dev.sparkrnn.persist.SavedModel;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A trained sequence classifier ({@link RnnClassifier}, or a {@code classify} model of the command line). Its
 * {@code transform} appends the predicted label ({@code predictionCol}: a string, or a double when the labels
 * were numbers), y^ ({@code probabilityCol}: a vector, one probability per label in the order of
 * {@link #labels()}) and ln y^ ({@code rawPredictionCol}); a row with no word (or a null input) gets nulls. A
 * model trained on series ({@code series} models of the command line) reads a series column
 * ({@code array<vector>}, {@code array<array<double>>} or {@code array<double>}), standardized as in training;
 * a series that is empty or has a missing value gets nulls, one with another number of channels is an error.
 */
public final class RnnClassificationModel extends LabellingModel<RnnClassificationModel> {
    private static final long serialVersionUID = 1L;

    private final Param<String> rawPredictionCol;
    private final BooleanParam numericLabels;

    public RnnClassificationModel(String uid, SavedModel saved) {
        super(uid, saved, "classify", "series");
        rawPredictionCol = Columns.param(this, "rawPredictionCol", "the column of ln y^, the log-probabilities of the labels"
                + " (empty: none)", "rawPrediction");
        numericLabels = new BooleanParam(uid, "numericLabels", "the labels were numbers: the prediction column is a double"
                + " (else a string)");
        setDefault(numericLabels, false);
    }

    /** A classifier of a model the command line trained (a new uid, default Params). */
    public RnnClassificationModel(SavedModel saved) {
        this(Identifiable.randomUID("rnnClassificationModel"), saved);
    }

    public static MLReader<RnnClassificationModel> read() {
        return new StageFiles.Reader<>(RnnClassificationModel.class, "rnnClassificationModel", RnnClassificationModel::new);
    }

    public static RnnClassificationModel load(String path) {
        return read().load(path);
    }

    @Override
    RnnClassificationModel make(String uid, SavedModel saved) {
        return new RnnClassificationModel(uid, saved);
    }

    /** The output columns (a name may be empty: left out). */
    static List<StructField> fields(String prediction, String probability, String raw, boolean numeric) {
        return List.of(DataTypes.createStructField(prediction, numeric ? DataTypes.DoubleType : DataTypes.StringType, true),
                DataTypes.createStructField(probability, SQLDataTypes.VectorType(), true),
                DataTypes.createStructField(raw, SQLDataTypes.VectorType(), true));
    }

    @Override
    List<StructField> outputFields() {
        return fields(getPredictionCol(), getProbabilityCol(), getRawPredictionCol(), getNumericLabels());
    }

    /** True for a model of series (the command line's {@code series} task), false for one of sentences. */
    public boolean readsSeries() {
        return savedModel().metadata().task().equals("series");
    }

    @Override
    void checkInput(StructType schema) {
        if (readsSeries()) {
            Columns.requireSeries(schema, getInputCol());
        } else {
            Columns.requireText(schema, getInputCol());
        }
    }

    @Override
    LabelScoring.Input input(StructType schema, int index) {
        if (readsSeries()) {
            int channels = savedModel().metadata().normalization().channels();
            String column = getInputCol();
            return row -> {
                if (row.isNullAt(index)) return null;
                DataFrameRecords.SeriesCell c;
                try {
                    c = DataFrameRecords.SeriesCell.of(row.getList(index));
                } catch (DataFrameRecords.SeriesCell.BadCell e) {
                    return null;
                }
                if (c.channels() != channels) {
                    throw new IllegalArgumentException("column '" + column + "': a series of " + c.channels()
                            + " channels; the model reads " + channels);
                }
                return c.values();
            };
        }
        boolean tokens = DataFrameRecords.isTokens(schema.apply(index).dataType());
        return row -> row.isNullAt(index) ? null : tokens ? row.<String>getList(index) : WordTokenizer.tokens(row.getString(index));
    }

    @Override
    boolean needsDistributions() {
        return !getProbabilityCol().isEmpty() || !getRawPredictionCol().isEmpty();
    }

    @Override
    LabelScoring.Output output() {
        return new Output(new ArrayList<>(labels()), getNumericLabels(), !getPredictionCol().isEmpty(),
                !getProbabilityCol().isEmpty(), !getRawPredictionCol().isEmpty());
    }

    /** The values of the wanted columns: label, y^, ln y^. */
    private record Output(List<String> labels, boolean numeric, boolean label, boolean probability, boolean raw)
            implements LabelScoring.Output {
        @Override
        public Object[] values(Labeller.Labels l) {
            List<Object> v = new ArrayList<>(3);
            String name = labels.get(l.classes()[0]);
            if (label) v.add(numeric ? (Object) Double.parseDouble(name) : name);
            if (probability || raw) {
                double[] y = l.distribution(0, labels.size());
                if (probability) v.add(new DenseVector(y));
                if (raw) {
                    double[] ln = new double[y.length];
                    for (int k = 0; k < y.length; k++) ln[k] = Math.log(y[k]);
                    v.add(new DenseVector(ln));
                }
            }
            return v.toArray();
        }

        @Override
        public Object[] none() {
            return new Object[(label ? 1 : 0) + (probability ? 1 : 0) + (raw ? 1 : 0)];
        }
    }

    public Param<String> rawPredictionCol() {
        return rawPredictionCol;
    }

    public String getRawPredictionCol() {
        return getOrDefault(rawPredictionCol);
    }

    public RnnClassificationModel setRawPredictionCol(String value) {
        return (RnnClassificationModel) set(rawPredictionCol, value);
    }

    public BooleanParam numericLabels() {
        return numericLabels;
    }

    public boolean getNumericLabels() {
        return (Boolean) getOrDefault(numericLabels);
    }
}
