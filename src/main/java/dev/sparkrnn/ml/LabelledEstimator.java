package dev.sparkrnn.ml;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.types.StructType;

/**
 * The estimators of labelled rows (an input column and a label column: a class, a tag per token, a target
 * sequence): what they add to {@link RnnEstimator}, the label column and the Params of the settings that shape a vocabulary of words and its labels.
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
    private final Param<String> labels;
    private final IntParam labelsMinCount;
    private final BooleanParam lowercase;
    private final BooleanParam bidirectional;
    private final DoubleParam wordDropout;

    /** The Params' names and their settings' keys. */
    private static final String[][] KEYS = {
            {"maxLength", "max.length"},
            {"maxLengthOverflow", "max.length.overflow"},
            {"minCount", "vocab.min.count"},
            {"maxVocabularySize", "vocab.max.size"},
            {"labels", "labels"},
            {"labelsMinCount", "labels.min.count"},
            {"lowercase", "input.lowercase"},
            {"bidirectional", "model.bidirectional"},
            {"wordDropout", "train.word.dropout"},
    };

    protected LabelledEstimator(String uid) {
        super(uid);
        labelCol = Columns.param(this, "labelCol", "the label column", "label");
        maxLength = SettingParams.param(this, "maxLength", "max.length");
        maxLengthOverflow = SettingParams.param(this, "maxLengthOverflow", "max.length.overflow");
        minCount = SettingParams.param(this, "minCount", "vocab.min.count");
        maxVocabularySize = SettingParams.param(this, "maxVocabularySize", "vocab.max.size");
        labels = SettingParams.param(this, "labels", "labels");
        labelsMinCount = SettingParams.param(this, "labelsMinCount", "labels.min.count");
        lowercase = SettingParams.param(this, "lowercase", "input.lowercase");
        bidirectional = SettingParams.param(this, "bidirectional", "model.bidirectional");
        wordDropout = SettingParams.param(this, "wordDropout", "train.word.dropout");
    }

    /** Checks the label column's type against {@code schema}. */
    abstract void checkLabel(StructType schema);

    @Override
    void checkColumns(StructType schema) {
        checkLabel(schema);
    }

    @Override
    List<String[]> keys() {
        List<String[]> all = new ArrayList<>(super.keys());
        all.addAll(List.of(KEYS));
        return all;
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

    public final Param<String> labels() {
        return labels;
    }

    public String getLabels() {
        return (String) getOrDefault(labels);
    }

    public E setLabels(String value) {
        return with(labels, value);
    }

    public final IntParam labelsMinCount() {
        return labelsMinCount;
    }

    public int getLabelsMinCount() {
        return (Integer) getOrDefault(labelsMinCount);
    }

    public E setLabelsMinCount(int value) {
        return with(labelsMinCount, value);
    }

    public final BooleanParam lowercase() {
        return lowercase;
    }

    public boolean getLowercase() {
        return (Boolean) getOrDefault(lowercase);
    }

    public E setLowercase(boolean value) {
        return with(lowercase, value);
    }

    public final BooleanParam bidirectional() {
        return bidirectional;
    }

    public boolean getBidirectional() {
        return (Boolean) getOrDefault(bidirectional);
    }

    public E setBidirectional(boolean value) {
        return with(bidirectional, value);
    }

    public final DoubleParam wordDropout() {
        return wordDropout;
    }

    public double getWordDropout() {
        return (Double) getOrDefault(wordDropout);
    }

    public E setWordDropout(double value) {
        return with(wordDropout, value);
    }
}
