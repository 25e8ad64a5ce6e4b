package dev.sparkrnn.ml;

import dev.sparkrnn.infer.Labeller;
import dev.sparkrnn.ingest.DataFrameRecords;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.task.Trained;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A trained tagger ({@link RnnTagger}, or a {@code tag} model of the command line). Its {@code transform} appends
 * a tag per token ({@code predictionCol}, {@code array<string>}) and each tag's probability
 * ({@code probabilityCol}, {@code array<double>}); tokens are lowercased when the model was trained so, and a
 * row without tokens gets nulls.
 */
public final class RnnTaggingModel extends LabellingModel<RnnTaggingModel> {
    private static final long serialVersionUID = 1L;

    public RnnTaggingModel(String uid, SavedModel saved) {
        super(uid, saved, "tag");
        setDefault(inputCol(), "tokens");
    }

    /** A tagger of a model the command line trained (a new uid, default Params). */
    public RnnTaggingModel(SavedModel saved) {
        this(Identifiable.randomUID("rnnTaggingModel"), saved);
    }

    public static MLReader<RnnTaggingModel> read() {
        return new StageFiles.Reader<>(RnnTaggingModel.class, "rnnTaggingModel", RnnTaggingModel::new);
    }

    public static RnnTaggingModel load(String path) {
        return read().load(path);
    }

    @Override
    RnnTaggingModel make(String uid, SavedModel saved) {
        return new RnnTaggingModel(uid, saved);
    }

    static List<StructField> fields(String prediction, String probability) {
        return List.of(DataTypes.createStructField(prediction, DataTypes.createArrayType(DataTypes.StringType, false), true),
                DataTypes.createStructField(probability, DataTypes.createArrayType(DataTypes.DoubleType, false), true));
    }

    @Override
    List<StructField> outputFields() {
        return fields(getPredictionCol(), getProbabilityCol());
    }

    @Override
    LabelScoring.Input input(StructType schema, int index) {
        boolean split = schema.apply(index).dataType().equals(DataTypes.StringType);
        boolean lowercase = Trained.settings(savedModel()).bool("input.lowercase");
        return row -> {
            if (row.isNullAt(index)) return null;
            List<String> tokens = split ? DataFrameRecords.whitespace(row.getString(index)) : row.<String>getList(index);
            if (!lowercase) return tokens;
            return DataFrameRecords.lowercased(tokens);
        };
    }

    @Override
    boolean needsDistributions() {
        return false;
    }

    @Override
    LabelScoring.Output output() {
        return new Output(new ArrayList<>(labels()), !getPredictionCol().isEmpty(), !getProbabilityCol().isEmpty());
    }

    /** The values of the wanted columns: the tags, their probabilities. */
    private record Output(List<String> tags, boolean tag, boolean probability) implements LabelScoring.Output {
        @Override
        public Object[] values(Labeller.Labels l) {
            List<Object> v = new ArrayList<>(2);
            if (tag) {
                String[] names = new String[l.classes().length];
                for (int t = 0; t < names.length; t++) names[t] = tags.get(l.classes()[t]);
                v.add(names);
            }
            if (probability) v.add(l.probabilities().clone());
            return v.toArray();
        }

        @Override
        public Object[] none() {
            return new Object[(tag ? 1 : 0) + (probability ? 1 : 0)];
        }
    }
}
