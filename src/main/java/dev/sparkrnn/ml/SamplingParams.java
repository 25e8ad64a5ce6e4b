package dev.sparkrnn.ml;

import java.io.Serializable;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Params;

/**
 * The Params of seeded sampling that the language-model stages share, declared from the {@code generate.*}
 * settings of {@code defaults.conf}: {@code generateLength}, {@code temperature}, {@code topK} and
 * {@code generateSeed}. On an estimator they are the defaults of its model's sampling (saved with the model as
 * the command line saves its settings); on a model, what {@code transform} samples with. A stage declares them
 * once ({@link Declared#of}) and takes its accessors from here.
 *
 * @param <S> the stage
 */
public interface SamplingParams<S extends Params> {

    /** The sampling Params of one stage. */
    record Declared(IntParam generateLength, DoubleParam temperature, IntParam topK, LongParam generateSeed)
            implements Serializable {

        /** The Params of {@code owner}, with the settings' defaults. */
        static Declared of(Params owner) {
            return new Declared(SettingParams.param(owner, "generateLength", "generate.length"),
                    SettingParams.param(owner, "temperature", "generate.temperature"),
                    SettingParams.param(owner, "topK", "generate.topk"),
                    SettingParams.param(owner, "generateSeed", "generate.seed"));
        }
    }

    /** The stage's sampling Params. */
    Declared sampling();

    /** Characters (char-lm) or at most words (conditional-lm) to generate. */
    default IntParam generateLength() {
        return sampling().generateLength();
    }

    default int getGenerateLength() {
        return (Integer) stage().getOrDefault(generateLength());
    }

    default S setGenerateLength(int value) {
        return set(generateLength(), value);
    }

    /** The temperature the logits are divided by before sampling (lower: more conservative). */
    default DoubleParam temperature() {
        return sampling().temperature();
    }

    default double getTemperature() {
        return (Double) stage().getOrDefault(temperature());
    }

    default S setTemperature(double value) {
        return set(temperature(), value);
    }

    /** Sampling among the k most likely tokens (0: all). */
    default IntParam topK() {
        return sampling().topK();
    }

    default int getTopK() {
        return (Integer) stage().getOrDefault(topK());
    }

    default S setTopK(int value) {
        return set(topK(), value);
    }

    /** The seed of sampling (of every row, unless a model's seedCol gives the row's). */
    default LongParam generateSeed() {
        return sampling().generateSeed();
    }

    default long getGenerateSeed() {
        return (Long) stage().getOrDefault(generateSeed());
    }

    default S setGenerateSeed(long value) {
        return set(generateSeed(), value);
    }

    @SuppressWarnings("unchecked")
    private S stage() {
        return (S) this;
    }

    @SuppressWarnings("unchecked")
    private S set(org.apache.spark.ml.param.Param<Object> param, Object value) {
        stage().set(param, value);
        return stage();
    }
}
