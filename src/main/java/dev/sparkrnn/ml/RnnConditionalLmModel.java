package dev.sparkrnn.ml;

import dev.sparkrnn.data.Vocabulary;
import dev.sparkrnn.ingest.DataFrameRecords;
import dev.sparkrnn.kernel.EncoderDecoderNetwork;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.task.ConditionalLmTask;
import dev.sparkrnn.task.Trained;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.StructType;

/**
 * A trained conditional language model ({@link RnnConditionalLm}, or a {@code conditional-lm} model of the
 * command line). Its {@code transform} reads a label per row ({@code inputCol}, a string or a number, default
 * {@code label}) and appends ({@code predictionCol}) a sentence sampled for it: the words of {@code prime}, then
 * sampled words up to {@code generateLength} in all, joined by spaces, exactly the first sentence the command
 * line's {@code generate} writes for that label with that seed. A null label gives null; a label the model does
 * not know fails the transform (an {@link IllegalArgumentException} naming it and the model's labels).
 *
 * <pre>{@code
 * RnnConditionalLmModel reviews = new RnnConditionalLm().setHidden(128).fit(labelled);
 * reviews.setSeedCol("seed").transform(wanted).select("label", "prediction");
 * }</pre>
 */
public final class RnnConditionalLmModel extends GeneratingModel<RnnConditionalLmModel> {
    private static final long serialVersionUID = 1L;

    private final Param<String> prime;

    public RnnConditionalLmModel(String uid, SavedModel saved) {
        super(uid, saved, "conditional-lm");
        setDefault(inputCol(), "label");
        prime = SettingParams.param(this, "prime", "generate.prime");
        setDefault(prime, Trained.settings(saved).string("generate.prime"));
    }

    /** A model the command line trained (a new uid, default Params). */
    public RnnConditionalLmModel(SavedModel saved) {
        this(Identifiable.randomUID("rnnConditionalLmModel"), saved);
    }

    /** Rows whose sentences are sampled together, one batch per step. */
    static final int SAMPLED_TOGETHER = 64;

    @Override
    int chunk() {
        return SAMPLED_TOGETHER;
    }

    public static MLReader<RnnConditionalLmModel> read() {
        return new StageFiles.Reader<>(RnnConditionalLmModel.class, "rnnConditionalLmModel", RnnConditionalLmModel::new);
    }

    public static RnnConditionalLmModel load(String path) {
        return read().load(path);
    }

    /** The labels the model generates for, by index. */
    public List<String> labels() {
        return savedModel().metadata().sourceVocabulary();
    }

    @Override
    RnnConditionalLmModel make(String uid, SavedModel saved) {
        return new RnnConditionalLmModel(uid, saved);
    }

    @Override
    int tokens() {
        return savedModel().metadata().vocabulary().size();
    }

    @Override
    void checkInput(StructType schema) {
        DataFrameRecords.requireLabels(schema, getInputCol());
    }

    @Override
    BatchScorer.Scoring scoring(StructType schema, int index) {
        SavedModel saved = savedModel();
        List<String> target = new ArrayList<>(saved.metadata().vocabulary());
        int[] words = ConditionalLmTask.primeWords(Vocabulary.fromEntries(target, true), getPrime());
        return new SentenceScoring((EncoderDecoderNetwork) saved.network(), saved.params(), new ArrayList<>(labels()), target,
                words, index, seeds(schema), getTemperature(), checkedTopK(), getGenerateLength());
    }

    /** The words every sentence starts with (default: the model's generate.prime). */
    public Param<String> prime() {
        return prime;
    }

    public String getPrime() {
        return getOrDefault(prime);
    }

    public RnnConditionalLmModel setPrime(String value) {
        return (RnnConditionalLmModel) set(prime, value);
    }
}
