package dev.sparkrnn.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The Param of the estimators that can lowercase their tokens (a tagger's words, a sequence-to-sequence model's
 * source): {@code lowercase}, from the setting {@code input.lowercase} of {@code defaults.conf}.
 *
 * @param <S> the stage
 */
public interface LowercaseParam<S extends Params> {

    /** The Param of {@code owner}. */
    static BooleanParam declare(Params owner) {
        return SettingParams.param(owner, "lowercase", "input.lowercase");
    }

    BooleanParam lowercase();

    default boolean getLowercase() {
        return (Boolean) ((Params) this).getOrDefault(lowercase());
    }

    @SuppressWarnings("unchecked")
    default S setLowercase(boolean value) {
        return (S) ((Params) this).set(lowercase(), value);
    }
}
