package dev.sparkrnn.ml;

import java.io.Serializable;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Params;

/**
 * The Params of the estimators that label word sequences with an RNN read in one or both directions (a
 * classifier's, a tagger's): {@code bidirectional} and {@code wordDropout}, from the settings of
 * {@code defaults.conf}. A stage declares them once ({@link Declared#of}) and takes its accessors from here.
 *
 * @param <S> the stage
 */
public interface WordLabellingParams<S extends Params> {

    /** The word-labelling Params of one stage. */
    record Declared(BooleanParam bidirectional, DoubleParam wordDropout) implements Serializable {
        static Declared of(Params owner) {
            return new Declared(SettingParams.param(owner, "bidirectional", "model.bidirectional"),
                    SettingParams.param(owner, "wordDropout", "train.word.dropout"));
        }
    }

    /** The stage's word-labelling Params. */
    Declared wordLabelling();

    default BooleanParam bidirectional() {
        return wordLabelling().bidirectional();
    }

    default boolean getBidirectional() {
        return (Boolean) ((Params) this).getOrDefault(bidirectional());
    }

    @SuppressWarnings("unchecked")
    default S setBidirectional(boolean value) {
        return (S) ((Params) this).set(bidirectional(), value);
    }

    default DoubleParam wordDropout() {
        return wordLabelling().wordDropout();
    }

    default double getWordDropout() {
        return (Double) ((Params) this).getOrDefault(wordDropout());
    }

    @SuppressWarnings("unchecked")
    default S setWordDropout(double value) {
        return (S) ((Params) this).set(wordDropout(), value);
    }
}
