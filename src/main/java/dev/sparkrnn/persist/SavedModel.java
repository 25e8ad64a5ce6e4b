package dev.sparkrnn.persist;

import dev.sparkrnn.data.CharVocabulary;
import dev.sparkrnn.kernel.EncoderDecoderLayout;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A trained model as {@link ModelFiles} writes and reads it: its metadata and its parameters theta in the
 * layout of {@link RnnLayout} (one block, two for a bidirectional model) or of {@link EncoderDecoderLayout}.
 * The parameter array is held, not copied (models can be large): do not change it while the model is in use.
 *
 * @param metadata what the model is and where it comes from
 * @param params   theta, {@code metadata.shape().parameterCount()} values
 * @param storage  how {@link ModelFiles} stores theta: FLOAT64 (8 bytes a value), or FLOAT32 (4 bytes) for a
 *                 model trained in float32, whose every value must then be a float32 value ({@link #rounded})
 */
public record SavedModel(ModelMetadata metadata, double[] params, Precision storage) {

    public SavedModel {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(storage, "storage");
        int n = metadata.shape().parameterCount();
        if (params.length != n) {
            throw new IllegalArgumentException(params.length + " parameters do not fit " + metadata.shape()
                    + ", which has " + n);
        }
        if (storage == Precision.FLOAT32) {
            for (int i = 0; i < n; i++) {
                if ((float) params[i] != params[i] && !Double.isNaN(params[i])) {
                    throw new IllegalArgumentException("parameter " + i + " = " + params[i] + " is not a float32 value;"
                            + " round theta first (SavedModel.rounded)");
                }
            }
        }
    }

    /** A model stored in float64. */
    public SavedModel(ModelMetadata metadata, double[] params) {
        this(metadata, params, Precision.FLOAT64);
    }

    /**
     * A model stored in {@code storage}: for FLOAT32, theta rounded to float32 (a copy), exactly the values a
     * float32 kernel computes with; for FLOAT64, {@code params} itself.
     */
    public static SavedModel rounded(ModelMetadata metadata, double[] params, Precision storage) {
        if (storage == Precision.FLOAT64) return new SavedModel(metadata, params);
        int n = params.length;
        return new SavedModel(metadata, Precision.toFloat64(Precision.toFloat32(params, n, new float[n]), n, new double[n]),
                Precision.FLOAT32);
    }

    /** The network {@link #params()} are the parameters of. */
    public Network network() {
        return metadata.shape().network();
    }

    /**
     * Where each parameter lives in {@link #params()}: build an {@code RnnKernel} on it. For a bidirectional
     * model, each direction's block; for an encoder–decoder, the decoder's block (see {@link #encoderDecoderLayout()}).
     */
    public RnnLayout layout() {
        return metadata.shape().layout();
    }

    /** Where each parameter of an encoder–decoder lives (build an {@code EncoderDecoderKernel} on it), or null. */
    public EncoderDecoderLayout encoderDecoderLayout() {
        return metadata.shape().encoderDecoderLayout();
    }

    /** The encoder's input tokens by index (empty for none, a dense source, or no encoder). */
    public List<String> sourceVocabulary() {
        return metadata.sourceVocabulary();
    }

    public Head head() {
        return metadata.shape().head();
    }

    /** Two RNN blocks (forward, backward) in {@link #params()}: run it with a {@code BiRnnKernel}. */
    public boolean bidirectional() {
        return metadata.shape().bidirectional();
    }

    public TargetMode targetMode() {
        return metadata.shape().targetMode();
    }

    /**
     * The vocabulary of a character model.
     *
     * @throws IllegalStateException when the model has no vocabulary, or its tokens are not single characters
     *                               in code-point order
     */
    public CharVocabulary charVocabulary() {
        List<String> tokens = metadata.vocabulary();
        if (tokens.isEmpty()) throw new IllegalStateException("the model has no vocabulary");
        int[] codePoints = new int[tokens.size()];
        for (int i = 0; i < codePoints.length; i++) {
            String t = tokens.get(i);
            if (t.isEmpty() || t.codePointCount(0, t.length()) != 1) {
                throw new IllegalStateException("vocabulary entry " + i + " \"" + t + "\" is not one character:"
                        + " not a character model");
            }
            codePoints[i] = t.codePointAt(0);
            if (i > 0 && codePoints[i] <= codePoints[i - 1]) {
                throw new IllegalStateException("vocabulary entry " + i + " is out of code-point order:"
                        + " not a character vocabulary");
            }
        }
        return new CharVocabulary(codePoints);
    }

    /** The tokens of a character vocabulary as {@link ModelMetadata#vocabulary()} stores them: one string per character. */
    public static List<String> tokensOf(CharVocabulary vocabulary) {
        List<String> tokens = new ArrayList<>(vocabulary.size());
        for (int i = 0; i < vocabulary.size(); i++) tokens.add(Character.toString(vocabulary.codePoint(i)));
        return tokens;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SavedModel m && metadata.equals(m.metadata) && Arrays.equals(params, m.params)
                && storage == m.storage;
    }

    @Override
    public int hashCode() {
        return (31 * metadata.hashCode() + Arrays.hashCode(params)) * 31 + storage.hashCode();
    }

    @Override
    public String toString() {
        return "SavedModel(" + metadata.modelType() + " " + metadata.shape() + ", task " + metadata.task() + ", "
                + params.length + " parameters in " + storage.setting() + ")";
    }
}
