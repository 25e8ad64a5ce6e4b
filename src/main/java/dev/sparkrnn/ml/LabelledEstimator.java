package dev.sparkrnn.ml;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.types.StructType;

/**
 * The estimators of labelled rows (an input column and a label column: a class, a tag per token, a target
 * sequence): what they add to {@link RnnEstimator}, the label column and the Params of the settings that shape a vocabulary of words
 * and the length of sequences.
 *
 * @param <E> the estimator
 * @param <M> its model
 */
public abstract class LabelledEstimator<E extends LabelledEstimator<E, M>, M extends RnnModel<M>> extends RnnEstimator<E, M> {
    private static final long serialVersionUID = 1L;

    private final Param<String> labelCol;
    private final IntParam maxLength;
    private final Param<String> maxLengthOverflow;
    private final IntParam minCount;
    private final IntParam maxVocabularySize;

    protected LabelledEstimator(String uid) {
        super(uid);
        labelCol = Columns.param(this, "labelCol", "the label column", "label");
        maxLength = SettingParams.param(this, "maxLength", "max.length");
        maxLengthOverflow = SettingParams.param(this, "maxLengthOverflow", "max.length.overflow");
        minCount = SettingParams.param(this, "minCount", "vocab.min.count");
        maxVocabularySize = SettingParams.param(this, "maxVocabularySize", "vocab.max.size");
    }

    /** Checks the label column's type against {@code schema}. */
    abstract void checkLabel(StructType schema);

    @Override
    void checkColumns(StructType schema) {
        checkLabel(schema);
    }

    public final Param<String> labelCol() {
        return labelCol;
    }

    public String getLabelCol() {
        return getOrDefault(labelCol);
    }

    public E setLabelCol(String value) {
        return with(labelCol, value);
    }

    public final IntParam maxLength() {
        return maxLength;
    }

    public int getMaxLength() {
        return (Integer) getOrDefault(maxLength);
    }

    public E setMaxLength(int value) {
        return with(maxLength, value);
    }

    public final Param<String> maxLengthOverflow() {
        return maxLengthOverflow;
    }

    public String getMaxLengthOverflow() {
        return (String) getOrDefault(maxLengthOverflow);
    }

    public E setMaxLengthOverflow(String value) {
        return with(maxLengthOverflow, value);
    }

    public final IntParam minCount() {
        return minCount;
    }

    public int getMinCount() {
        return (Integer) getOrDefault(minCount);
    }

    public E setMinCount(int value) {
        return with(minCount, value);
    }

    public final IntParam maxVocabularySize() {
        return maxVocabularySize;
    }

    public int getMaxVocabularySize() {
        return (Integer) getOrDefault(maxVocabularySize);
    }

    public E setMaxVocabularySize(int value) {
        return with(maxVocabularySize, value);
    }
}
