package dev.sparkrnn.ml;

import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.task.Trained;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;

/**
 * A model whose {@code transform} scores rows in batches of {@code batchSize} (a labeller's, a decoder's) and
 * writes the probability of what it predicts ({@code probabilityCol}), in the arithmetic of {@code precision}:
 * {@value #CHUNK_BATCHES} batches of a partition are read, sorted by length and scored together.
 *
 * @param <M> the model
 */
public abstract class BatchedModel<M extends BatchedModel<M>> extends RnnModel<M> {
    private static final long serialVersionUID = 1L;

    /** Batches read, sorted by length and scored together in {@code transform}. */
    static final int CHUNK_BATCHES = 16;

    private final Param<String> probabilityCol;
    private final IntParam batchSize;
    private final Param<String> precision;

    BatchedModel(String uid, SavedModel saved, String... tasks) {
        super(uid, saved, tasks);
        probabilityCol = Columns.param(this, "probabilityCol", "the column of the predicted labels' probabilities (empty: none)",
                "probability");
        batchSize = SettingParams.param(this, "batchSize", "train.batch");
        setDefault(batchSize, Trained.settings(saved).integer("train.batch"));
        precision = SettingParams.param(this, "precision", "precision");
        setDefault(precision, Trained.settings(saved).choice("precision"));
    }

    @Override
    int chunk() {
        return getBatchSize() * CHUNK_BATCHES;
    }

    public final Param<String> probabilityCol() {
        return probabilityCol;
    }

    public String getProbabilityCol() {
        return getOrDefault(probabilityCol);
    }

    @SuppressWarnings("unchecked")
    public M setProbabilityCol(String value) {
        return (M) set(probabilityCol, value);
    }

    /** Sequences per batch in {@code transform} (default: the model's training batch). */
    public final IntParam batchSize() {
        return batchSize;
    }

    public int getBatchSize() {
        return (Integer) getOrDefault(batchSize);
    }

    @SuppressWarnings("unchecked")
    public M setBatchSize(int value) {
        return (M) set(batchSize, value);
    }

    /** The arithmetic of {@code transform} (default: the model's training precision; float32: the generated kernels). */
    public final Param<String> precision() {
        return precision;
    }

    public String getPrecision() {
        return getOrDefault(precision);
    }

    @SuppressWarnings("unchecked")
    public M setPrecision(String value) {
        return (M) set(precision, value);
    }
}
