package dev.sparkrnn.ml;

import org.apache.spark.ml.param.Param;

/**
 * The estimators of labelled rows whose models score each row with a probability: a classifier's, a tagger's, a
 * sequence-to-sequence model's ({@link BatchedModel}); what they add is the column their models write it to.
 *
 * @param <E> the estimator
 * @param <M> its model
 */
public abstract class ProbabilisticEstimator<E extends ProbabilisticEstimator<E, M>, M extends BatchedModel<M>>
        extends LabelledEstimator<E, M> {
    private static final long serialVersionUID = 1L;

    private final Param<String> probabilityCol;

    protected ProbabilisticEstimator(String uid) {
        super(uid);
        probabilityCol = Columns.param(this, "probabilityCol", "the column of the predicted labels' probabilities"
                + " (empty: none)", "probability");
    }

    public final Param<String> probabilityCol() {
        return probabilityCol;
    }

    public String getProbabilityCol() {
        return getOrDefault(probabilityCol);
    }

    public E setProbabilityCol(String value) {
        return with(probabilityCol, value);
    }
}
