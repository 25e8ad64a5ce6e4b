package dev.sparkrnn.task;

import dev.sparkrnn.config.ConfigException;
import dev.sparkrnn.config.Settings;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Normalization;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.train.DistributedTrainer;
import dev.sparkrnn.train.TrainerConfig;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A kind of job (character language model, classification, tagging, ...), one class each, registered once in
 * {@link Tasks}: how its input becomes encoded sequences and a network, how a trained model is scored, and
 * what it predicts or generates.
 */
public interface Task {

    /**
     * Encoded training and validation data with what the model file must keep to read new data
     * ({@code sourceVocabulary}: an encoder–decoder's source tokens; {@code vocabulary} is then the target's).
     */
    public record Prepared(Network network, JavaRDD<EncodedSequence> train, JavaRDD<EncodedSequence> validation,
                    List<String> vocabulary, List<String> labels, Normalization normalization,
                    String description, List<String> sourceVocabulary, Map<String, Object> inputFigures) {

        /** With figures about the input (counts, flagged labels) that the model's metadata keeps. */
        Prepared withInputFigures(Map<String, Object> figures) {
            return new Prepared(network, train, validation, vocabulary, labels, normalization, description,
                    sourceVocabulary, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures)));
        }

        /**
         * Training and validation data (may be null) dealt across {@code partitions} by a hash of their ids,
         * sorted by length (even kernel batches; see {@link DistributedTrainer#prepare}).
         */
        static Prepared dealt(Network network, JavaRDD<EncodedSequence> train, JavaRDD<EncodedSequence> validation,
                              int partitions, List<String> vocabulary, List<String> labels, Normalization normalization,
                              String description, List<String> sourceVocabulary) {
            return new Prepared(network, DistributedTrainer.prepare(train, partitions),
                    validation == null ? null : DistributedTrainer.prepare(validation, partitions), vocabulary, labels,
                    normalization, description, sourceVocabulary, Map.of());
        }
    }

    String name();

    /** Reads {@code input} (and {@code validation}, or holds out a split) and encodes it. */
    Prepared prepare(JavaSparkContext sc, Settings s, int partitions);

    /** Quality figures of {@code theta} on encoded data (the validation split, or data given to evaluate). */
    Map<String, Object> score(JavaSparkContext sc, Network network, double[] theta, JavaRDD<EncodedSequence> data,
                              Settings s);

    /** Encodes data for {@code evaluate} with a trained model's vocabulary, labels and normalization. */
    JavaRDD<EncodedSequence> encodeForModel(JavaSparkContext sc, SavedModel model, String input, Settings s);

    /** The loss per target of {@code theta} on the data and its perplexity: the figures every task starts with. */
    static Map<String, Object> lossFigures(JavaSparkContext sc, Network network, double[] theta,
                                           JavaRDD<EncodedSequence> data, Settings s) {
        double loss = new DistributedTrainer(sc, network, TrainerConfig.of(s, null)).evaluate(data, theta);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", loss);
        m.put("perplexity", Math.exp(loss));
        return m;
    }

    /** True when the input is words, so word dropout ({@code train.word.dropout}) applies. */
    default boolean wordInput() {
        return false;
    }

    /** True when the loss is per character, so progress lines also show bits per character. */
    default boolean reportsBits() {
        return false;
    }

    /** Shows what the model does after training (e.g. generated text); optional. */
    default void show(SavedModel model, Settings s, PrintStream out) {
    }

    /**
     * {@code predict}: one JSON line per line of {@code input} written to {@code out}; returns the lines written.
     *
     * @throws ConfigException for a task that does not predict from text
     */
    default long predict(JavaSparkContext sc, SavedModel model, String input, String out, Settings s) {
        throw new ConfigException("predict applies classify, tag and seq2seq models; this is a '" + name()
                + "' model (use generate for char-lm and conditional-lm, evaluate for series)");
    }

    /**
     * {@code generate}: text sampled from the model (generate.* settings), ending with a line break.
     *
     * @throws ConfigException for a task that does not generate
     */
    default String generate(SavedModel model, Settings s) {
        throw new ConfigException("generate needs a character language model or a conditional-lm model; this is a '"
                + name() + "' model");
    }
}
