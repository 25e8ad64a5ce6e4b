package dev.sparkrnn.ml;

import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.task.Trained;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * A model that labels token sequences, a classifier's or a tagger's: {@code transform} labels each partition's
 * rows in batches of {@code batchSize} through the batched forward pass ({@link LabelScoring}) in the arithmetic
 * of {@code precision}.
 *
 * @param <M> the model
 */
public abstract class LabellingModel<M extends LabellingModel<M>> extends BatchedModel<M> {
    private static final long serialVersionUID = 1L;

    LabellingModel(String uid, SavedModel saved, String... tasks) {
        super(uid, saved, tasks);
    }

    /** The labels (a classifier's) or tags (a tagger's), by index. */
    public List<String> labels() {
        return savedModel().metadata().labels();
    }

    /** How a row's input column becomes tokens or values (the input's index in the row). */
    abstract LabelScoring.Input input(StructType schema, int index);

    /** The values of the output columns. */
    abstract LabelScoring.Output output();

    /** True when {@link #output} needs y^ of every label. */
    abstract boolean needsDistributions();

    @Override
    BatchScorer.Scoring scoring(StructType schema, int index) {
        SavedModel saved = savedModel();
        return new LabelScoring(saved.network(), saved.params(), new ArrayList<>(saved.metadata().vocabulary()),
                saved.metadata().normalization(), input(schema, index), output(), getBatchSize(), Trained.settings(saved).integer("train.bptt"),
                Precision.of(getPrecision()), needsDistributions());
    }
}
