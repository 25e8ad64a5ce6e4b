package dev.sparkrnn.app;

import dev.sparkrnn.config.Settings;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Normalization;
import dev.sparkrnn.persist.ModelMetadata;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.train.ModelSpec;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A kind of job (character language model, classification, tagging, ...): how its input becomes encoded
 * sequences and a model shape, and how a trained model is scored and shown.
 */
interface Task {

    /**
     * Encoded training and validation data with what the model file must keep to read new data
     * ({@code sourceVocabulary}: an encoder–decoder's source tokens; {@code vocabulary} is then the target's).
     */
    record Prepared(ModelSpec spec, JavaRDD<EncodedSequence> train, JavaRDD<EncodedSequence> validation,
                    List<String> vocabulary, List<String> labels, Normalization normalization,
                    String description, List<String> sourceVocabulary) {
        Prepared(ModelSpec spec, JavaRDD<EncodedSequence> train, JavaRDD<EncodedSequence> validation,
                 List<String> vocabulary, List<String> labels, Normalization normalization,
                 String description) {
            this(spec, train, validation, vocabulary, labels, normalization, description, List.of());
        }
    }

    String name();

    /** Reads {@code input} (and {@code validation}, or holds out a split) and encodes it. */
    Prepared prepare(JavaSparkContext sc, Settings s, int partitions);

    /** Quality figures of {@code theta} on encoded data (the validation split, or data given to evaluate). */
    Map<String, Object> score(JavaSparkContext sc, ModelSpec spec, double[] theta, JavaRDD<EncodedSequence> data,
                              Settings s);

    /** Encodes data for {@code evaluate} with a trained model's vocabulary, labels and normalization. */
    JavaRDD<EncodedSequence> encodeForModel(JavaSparkContext sc, SavedModel model, String input, Settings s);

    /** Shows what the model does after training (e.g. generated text); optional. */
    default void show(SavedModel model, Settings s, PrintStream out) {
    }

    static Task of(String name) {
        return switch (name) {
            case "char-lm" -> new CharLmTask();
            case "classify", "tag", "series" -> new SupervisedTask(name);
            case "seq2seq", "conditional-lm" -> new EncoderDecoderTask(name);
            default -> throw new dev.sparkrnn.config.ConfigException("unknown task '" + name + "'");
        };
    }
}
