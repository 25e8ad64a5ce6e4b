package dev.sparkrnn.ml;

import java.io.Serializable;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The Params of the estimators whose models predict from a closed set of labels (a classifier's classes, a
 * tagger's tags, a conditional language model's conditions): {@code labels} and {@code labelsMinCount}, from the
 * settings of {@code defaults.conf}. A stage declares them once ({@link Declared#of}) and takes its accessors
 * from here.
 *
 * @param <S> the stage
 */
public interface LabelSetParams<S extends Params> {

    /** The label-set Params of one stage. */
    record Declared(Param<String> labels, IntParam labelsMinCount) implements Serializable {
        static Declared of(Params owner) {
            return new Declared(SettingParams.param(owner, "labels", "labels"),
                    SettingParams.param(owner, "labelsMinCount", "labels.min.count"));
        }
    }

    /** The stage's label-set Params. */
    Declared labelSet();

    default Param<String> labels() {
        return labelSet().labels();
    }

    default String getLabels() {
        return ((Params) this).getOrDefault(labels());
    }

    @SuppressWarnings("unchecked")
    default S setLabels(String value) {
        return (S) ((Params) this).set(labels(), value);
    }

    default IntParam labelsMinCount() {
        return labelSet().labelsMinCount();
    }

    default int getLabelsMinCount() {
        return (Integer) ((Params) this).getOrDefault(labelsMinCount());
    }

    @SuppressWarnings("unchecked")
    default S setLabelsMinCount(int value) {
        return (S) ((Params) this).set(labelsMinCount(), value);
    }
}
