package dev.sparkrnn.persist;

import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a saved model says about itself besides its parameters (the {@code metadata.json} of a model
 * directory, see {@link ModelFiles}). Immutable: collections are copied, arrays are copied in and out.
 *
 * @param modelType     the kind of network; {@code "rnn"} is the only one this version knows
 *                      ({@link ModelFiles#MODEL_TYPES})
 * @param shape         sizes, input kind, output head and target mode
 * @param task          free text naming what the model does, e.g. {@code "char-lm"}, {@code "classify"},
 *                      {@code "tag"}, {@code "series"}
 * @param configuration the settings the model was trained with, as strings
 * @param vocabulary    the input tokens by index (one-hot input: D of them, or none); for a character model
 *                      each entry is one character (one code point), in code-point order, as
 *                      {@link SavedModel#charVocabulary()} needs. Empty for dense input.
 * @param labels        the output classes by index (K of them, or none); empty when the outputs are the
 *                      vocabulary (a language model) or real values
 * @param normalization per-channel means and standard deviations of dense data, or null
 * @param provenance    where the model comes from
 * @param metrics       final figures (loss, accuracy, ...): each value a {@code String}, a {@code Long} or a
 *                      {@code Double}. Other integers become {@code Long}, {@code Float} becomes
 *                      {@code Double}, and NaN or infinite values become their string form (JSON has no
 *                      number for them).
 */
public record ModelMetadata(String modelType, Shape shape, String task, Map<String, String> configuration,
                            List<String> vocabulary, List<String> labels, Normalization normalization,
                            Provenance provenance, Map<String, Object> metrics) {

    public ModelMetadata {
        if (modelType == null || modelType.isBlank()) throw new IllegalArgumentException("modelType is empty");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(provenance, "provenance");
        configuration = Map.copyOf(Objects.requireNonNull(configuration, "configuration"));
        vocabulary = List.copyOf(Objects.requireNonNull(vocabulary, "vocabulary"));
        labels = List.copyOf(Objects.requireNonNull(labels, "labels"));
        metrics = scalars(Objects.requireNonNull(metrics, "metrics"));
        requireDistinct("vocabulary", vocabulary);
        requireDistinct("labels", labels);
        if (!vocabulary.isEmpty() && (!shape.oneHotInput() || vocabulary.size() != shape.inputSize())) {
            throw new IllegalArgumentException("a vocabulary of " + vocabulary.size() + " tokens does not fit the "
                    + "input of " + shape + " (one-hot input needs D tokens; dense input none)");
        }
        if (!labels.isEmpty() && labels.size() != shape.outputSize()) {
            throw new IllegalArgumentException(labels.size() + " labels do not fit the " + shape.outputSize()
                    + " outputs of " + shape);
        }
    }

    private static void requireDistinct(String what, List<String> items) {
        HashSet<String> seen = new HashSet<>();
        for (String s : items) {
            if (!seen.add(s)) throw new IllegalArgumentException(what + " lists \"" + s + "\" twice");
        }
    }

    private static Map<String, Object> scalars(Map<String, ?> metrics) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : metrics.entrySet()) {
            Object v = Objects.requireNonNull(e.getValue(), () -> "metric " + e.getKey() + " is null");
            Object scalar;
            if (v instanceof String) {
                scalar = v;
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                scalar = ((Number) v).longValue();
            } else if (v instanceof Double || v instanceof Float) {
                double d = ((Number) v).doubleValue();
                scalar = Double.isFinite(d) ? (Object) d : Double.toString(d);
            } else {
                throw new IllegalArgumentException("metric " + e.getKey() + " is a " + v.getClass().getName()
                        + "; metrics are strings or numbers");
            }
            out.put(Objects.requireNonNull(e.getKey(), "metric name"), scalar);
        }
        return Map.copyOf(out);
    }

    /**
     * The network's shape: sizes, input kind, output head and where targets are. {@code ModelSpec} of the
     * trainer carries the same information.
     *
     * @param inputSize   D: vocabulary size (one-hot) or number of input features (dense)
     * @param hiddenSize  H
     * @param outputSize  K: number of classes or of real-valued outputs
     * @param oneHotInput true when x_t is a token index
     * @param bidirectional two RNNs (forward, then backward, each a full {@link RnnLayout} block) instead of one
     */
    public record Shape(int inputSize, int hiddenSize, int outputSize, boolean oneHotInput, Head head,
                        TargetMode targetMode, boolean bidirectional) {
        public Shape {
            new RnnLayout(inputSize, hiddenSize, outputSize, oneHotInput);   // validates the sizes
            Objects.requireNonNull(head, "head");
            Objects.requireNonNull(targetMode, "targetMode");
        }

        /** A unidirectional shape. */
        public Shape(int inputSize, int hiddenSize, int outputSize, boolean oneHotInput, Head head, TargetMode targetMode) {
            this(inputSize, hiddenSize, outputSize, oneHotInput, head, targetMode, false);
        }

        public static Shape of(RnnLayout layout, Head head, TargetMode targetMode) {
            return of(layout, head, targetMode, false);
        }

        public static Shape of(RnnLayout layout, Head head, TargetMode targetMode, boolean bidirectional) {
            return new Shape(layout.inputSize, layout.hiddenSize, layout.outputSize, layout.oneHotInput, head,
                    targetMode, bidirectional);
        }

        /** Length of the flat parameter vector: one layout block, or two for a bidirectional model. */
        public int parameterCount() {
            return layout().size() * (bidirectional ? 2 : 1);
        }

        /** Where each parameter lives in the flat vector. */
        public RnnLayout layout() {
            return new RnnLayout(inputSize, hiddenSize, outputSize, oneHotInput);
        }

        @Override
        public String toString() {
            return "D=" + inputSize + (oneHotInput ? " (one-hot)" : " (dense)") + ", H=" + hiddenSize + ", K="
                    + outputSize + ", " + head + ", " + targetMode + (bidirectional ? ", bidirectional" : "");
        }
    }

    /**
     * Per-channel statistics the data was standardized with, x' = (x - mean) / std: a reader applies the same
     * to new data (and the inverse to real-valued outputs of the same channels).
     */
    public record Normalization(double[] means, double[] stds) {
        public Normalization {
            means = means.clone();
            stds = stds.clone();
            if (means.length == 0 || means.length != stds.length) {
                throw new IllegalArgumentException("normalization needs as many means as stds, at least one: "
                        + means.length + " means, " + stds.length + " stds");
            }
            for (int i = 0; i < means.length; i++) {
                if (!Double.isFinite(means[i]) || !(stds[i] > 0) || !Double.isFinite(stds[i])) {
                    throw new IllegalArgumentException("channel " + i + ": mean " + means[i] + ", std " + stds[i]
                            + " (the mean must be finite and the std positive and finite)");
                }
            }
        }

        /** Number of channels. */
        public int size() {
            return means.length;
        }

        @Override
        public double[] means() {
            return means.clone();
        }

        @Override
        public double[] stds() {
            return stds.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Normalization n && Arrays.equals(means, n.means) && Arrays.equals(stds, n.stds);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(means) + Arrays.hashCode(stds);
        }

        @Override
        public String toString() {
            return "Normalization(means=" + Arrays.toString(means) + ", stds=" + Arrays.toString(stds) + ")";
        }
    }

    /**
     * Where a model comes from.
     *
     * @param input          the training data's path as given
     * @param seed           the run's seed
     * @param sparkVersion   the Spark that trained it (passed in: persist does not depend on Spark)
     * @param projectVersion the spark-rnn that trained it
     * @param created        when it was written (stored as ISO-8601 UTC)
     * @param host           where it was trained, or null
     * @param user           who trained it, or null
     */
    public record Provenance(String input, long seed, String sparkVersion, String projectVersion, Instant created,
                             String host, String user) {
        public Provenance {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(sparkVersion, "sparkVersion");
            Objects.requireNonNull(projectVersion, "projectVersion");
            Objects.requireNonNull(created, "created");
        }

        /** Created now (to the millisecond), without host or user. */
        public static Provenance now(String input, long seed, String sparkVersion, String projectVersion) {
            return new Provenance(input, seed, sparkVersion, projectVersion,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS), null, null);
        }
    }
}
