package dev.sparkrnn.ml;

import dev.sparkrnn.data.CharVocabulary;
import dev.sparkrnn.persist.SavedModel;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.StructType;

/**
 * A trained character language model ({@link RnnCharLm}, or a {@code char-lm} model of the command line). Its
 * {@code transform} reads a prime per row ({@code inputCol}, a string, default {@code prime}) and appends
 * ({@code predictionCol}) the {@code generateLength} characters sampled after it at {@code temperature} among the
 * {@code topK} most likely, exactly as the command line's {@code generate} writes them after that prime with that
 * seed (without the prime): characters the model does not know are dropped from the prime, an empty prime starts
 * from a line break, a null prime gives null.
 *
 * <pre>{@code
 * RnnCharLmModel lm = RnnCharLmModel.load("target/run/models/v0003");
 * lm.setGenerateLength(200).setSeedCol("seed").transform(primes).select("prime", "prediction");
 * }</pre>
 */
public final class RnnCharLmModel extends GeneratingModel<RnnCharLmModel> {
    private static final long serialVersionUID = 1L;

    public RnnCharLmModel(String uid, SavedModel saved) {
        super(uid, saved, "char-lm");
        setDefault(inputCol(), "prime");
    }

    /** A model the command line trained (a new uid, default Params). */
    public RnnCharLmModel(SavedModel saved) {
        this(Identifiable.randomUID("rnnCharLmModel"), saved);
    }

    /** Rows whose primes are continued together, one batch per step. */
    static final int SAMPLED_TOGETHER = 64;

    @Override
    int chunk() {
        return SAMPLED_TOGETHER;
    }

    public static MLReader<RnnCharLmModel> read() {
        return new StageFiles.Reader<>(RnnCharLmModel.class, "rnnCharLmModel", RnnCharLmModel::new);
    }

    public static RnnCharLmModel load(String path) {
        return read().load(path);
    }

    /** The characters the model reads and writes, by index. */
    public CharVocabulary vocabulary() {
        return savedModel().charVocabulary();
    }

    @Override
    RnnCharLmModel make(String uid, SavedModel saved) {
        return new RnnCharLmModel(uid, saved);
    }

    @Override
    int tokens() {
        return vocabulary().size();
    }

    @Override
    void checkInput(StructType schema) {
        Columns.requireString(schema, getInputCol(), "the primes");
    }

    @Override
    BatchScorer.Scoring scoring(StructType schema, int index) {
        SavedModel saved = savedModel();
        return new ContinuationScoring(saved.network(), saved.params(), vocabulary(), index, seeds(schema), getTemperature(),
                checkedTopK(), getGenerateLength());
    }
}
