package dev.sparkrnn.persist;

import dev.sparkrnn.kernel.EncoderDecoderLayout;
import dev.sparkrnn.data.Normalization;
import dev.sparkrnn.data.Vocabulary;
import dev.sparkrnn.kernel.BidirectionalNetwork;
import dev.sparkrnn.kernel.EncoderDecoderNetwork;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a saved model says about itself besides its parameters (the {@code metadata.json} of a model
 * directory, see {@link ModelFiles}). Immutable: collections are copied, arrays are copied in and out.
 *
 * @param modelType     the kind of network ({@link ModelFiles#MODEL_TYPES}): {@code "encoder-decoder"} for a shape
 *                      with an encoder, {@code "rnn"} otherwise ({@link ModelFiles#modelTypeOf})
 * @param shape         sizes, input kind, output head and target mode; the encoder of an encoder–decoder
 * @param task          free text naming what the model does, e.g. {@code "char-lm"}, {@code "classify"},
 *                      {@code "tag"}, {@code "series"}
 * @param configuration the settings the model was trained with, as strings
 * @param vocabulary    the input tokens by index (one-hot input: D of them, or none); for a character model
 *                      each entry is one character (one code point), in code-point order, as
 *                      {@link SavedModel#charVocabulary()} needs. Empty for dense input. For an
 *                      encoder–decoder, the target vocabulary: the decoder's input and output tokens (D = K
 *                      of them, among them {@code <s>} and {@code </s>}), or none.
 * @param labels        the output classes by index (K of them, or none); empty when the outputs are the
 *                      vocabulary (a language model or an encoder–decoder) or real values
 * @param normalization per-channel means and standard deviations of dense data, or null; for an
 *                      encoder–decoder, of its source, which is then dense with one channel per feature
 *                      ({@link Shape.Encoder#inputSize} of them)
 * @param provenance    where the model comes from
 * @param metrics       final figures (loss, accuracy, ...): each value a {@code String}, a {@code Long} or a
 *                      {@code Double}. Other integers become {@code Long}, {@code Float} becomes
 *                      {@code Double}, and NaN or infinite values become their string form (JSON has no
 *                      number for them).
 * @param sourceVocabulary the encoder's input tokens by index (one-hot source: {@link Shape.Encoder#inputSize}
 *                      of them, or none); empty for a dense source and for a model without an encoder
 */
public record ModelMetadata(String modelType, Shape shape, String task, Map<String, String> configuration,
                            List<String> vocabulary, List<String> labels, Normalization normalization,
                            Provenance provenance, Map<String, Object> metrics, List<String> sourceVocabulary) {


    public ModelMetadata {
        if (modelType == null || modelType.isBlank()) throw new IllegalArgumentException("modelType is empty");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(provenance, "provenance");
        configuration = Map.copyOf(Objects.requireNonNull(configuration, "configuration"));
        vocabulary = List.copyOf(Objects.requireNonNull(vocabulary, "vocabulary"));
        labels = List.copyOf(Objects.requireNonNull(labels, "labels"));
        metrics = scalars(Objects.requireNonNull(metrics, "metrics"));
        sourceVocabulary = List.copyOf(Objects.requireNonNull(sourceVocabulary, "sourceVocabulary"));
        requireDistinct("vocabulary", vocabulary);
        requireDistinct("labels", labels);
        requireDistinct("sourceVocabulary", sourceVocabulary);
        if (!vocabulary.isEmpty() && (!shape.oneHotInput() || vocabulary.size() != shape.inputSize())) {
            throw new IllegalArgumentException("a vocabulary of " + vocabulary.size() + " tokens does not fit the "
                    + "input of " + shape + " (one-hot input needs D tokens; dense input none)");
        }
        if (!labels.isEmpty() && labels.size() != shape.outputSize()) {
            throw new IllegalArgumentException(labels.size() + " labels do not fit the " + shape.outputSize()
                    + " outputs of " + shape);
        }
        if (shape.encoder() != null) {
            requireEncoderDecoder(shape, vocabulary, labels, normalization, sourceVocabulary);
        } else if (!sourceVocabulary.isEmpty()) {
            throw new IllegalArgumentException("a source vocabulary of " + sourceVocabulary.size() + " tokens, but "
                    + shape + " has no encoder");
        }
    }

    /** Without a source vocabulary: a single or bidirectional RNN, or an encoder–decoder without one. */
    public ModelMetadata(String modelType, Shape shape, String task, Map<String, String> configuration,
                         List<String> vocabulary, List<String> labels, Normalization normalization,
                         Provenance provenance, Map<String, Object> metrics) {
        this(modelType, shape, task, configuration, vocabulary, labels, normalization, provenance, metrics, List.of());
    }

    private static void requireEncoderDecoder(Shape shape, List<String> vocabulary, List<String> labels,
                                              Normalization normalization, List<String> sourceVocabulary) {
        Shape.Encoder encoder = shape.encoder();
        if (!sourceVocabulary.isEmpty() && (!encoder.oneHotInput() || sourceVocabulary.size() != encoder.inputSize())) {
            throw new IllegalArgumentException("a source vocabulary of " + sourceVocabulary.size() + " tokens does not"
                    + " fit the " + encoder + " of " + shape + " (a one-hot source needs D tokens; a dense one none)");
        }
        if (normalization != null && (encoder.oneHotInput() || normalization.channels() != encoder.inputSize())) {
            throw new IllegalArgumentException("a normalization of " + normalization.channels() + " channels does not fit"
                    + " the " + encoder + " of " + shape + " (it is a dense source's, one channel per feature)");
        }
        if (!labels.isEmpty()) {
            throw new IllegalArgumentException(labels.size() + " labels, but the outputs of an encoder-decoder are"
                    + " its target vocabulary: " + shape);
        }
        if (!vocabulary.isEmpty() && !(vocabulary.contains(Vocabulary.START) && vocabulary.contains(Vocabulary.END))) {
            throw new IllegalArgumentException("the target vocabulary of an encoder-decoder needs " + Vocabulary.START
                    + " and " + Vocabulary.END + " (where decoding starts and stops): " + shape);
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
     * The network's shape as the model file writes it: sizes, input kind, output head and where targets are;
     * {@link #of(Network)} and {@link #network()} convert it from and to the {@link Network} the trainer and
     * inference run, the one place where a network's kind is told apart. An encoder–decoder ({@link EncoderDecoderLayout}) is the shape of
     * its decoder (one-hot, D = K = the target vocabulary, softmax at every step) with an {@link Encoder}.
     *
     * @param inputSize   D: vocabulary size (one-hot) or number of input features (dense)
     * @param hiddenSize  H
     * @param outputSize  K: number of classes or of real-valued outputs
     * @param oneHotInput true when x_t is a token index
     * @param bidirectional two RNNs (forward, then backward, each a full {@link RnnLayout} block) instead of one
     * @param encoder     the encoder RNN that reads the source before this (decoder) RNN runs, or null for a
     *                    single or bidirectional RNN
     */
    public record Shape(int inputSize, int hiddenSize, int outputSize, boolean oneHotInput, Head head,
                        TargetMode targetMode, boolean bidirectional, Encoder encoder) {
        public Shape {
            new RnnLayout(inputSize, hiddenSize, outputSize, oneHotInput);   // validates the sizes
            if (outputSize < 1) throw new IllegalArgumentException("a model has outputs: K=" + outputSize);
            Objects.requireNonNull(head, "head");
            Objects.requireNonNull(targetMode, "targetMode");
            if (encoder != null) {
                if (bidirectional) {
                    throw new IllegalArgumentException("an encoder-decoder is not bidirectional: " + encoder);
                }
                if (head != Head.SOFTMAX_CROSS_ENTROPY || targetMode != TargetMode.EVERY_STEP) {
                    throw new IllegalArgumentException("an encoder-decoder's decoder emits a token at every step"
                            + " (SOFTMAX_CROSS_ENTROPY, EVERY_STEP), not " + head + ", " + targetMode);
                }
                // the decoder reads its previous output (one-hot, D == K); the sizes fit one array
                new EncoderDecoderLayout(new RnnLayout(encoder.inputSize(), hiddenSize, 0, encoder.oneHotInput()),
                        new RnnLayout(inputSize, hiddenSize, outputSize, oneHotInput), encoder.feedContext());
            }
        }

        /** A single or bidirectional RNN: no encoder. */
        public Shape(int inputSize, int hiddenSize, int outputSize, boolean oneHotInput, Head head, TargetMode targetMode,
                     boolean bidirectional) {
            this(inputSize, hiddenSize, outputSize, oneHotInput, head, targetMode, bidirectional, null);
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

        /** The shape of a network. */
        public static Shape of(Network network) {
            if (network instanceof EncoderDecoderNetwork e) return of(e.encoderDecoder());
            return of(network.layout(), network.head(), network.mode(), network instanceof BidirectionalNetwork);
        }

        /** The network of this shape. */
        public Network network() {
            if (encoder != null) return Network.encoderDecoder(encoderDecoderLayout());
            return bidirectional ? Network.bidirectional(layout(), head, targetMode) : Network.rnn(layout(), head, targetMode);
        }

        /** An encoder–decoder: its decoder's sizes, a softmax at every step, and its encoder. */
        public static Shape of(EncoderDecoderLayout l) {
            RnnLayout d = l.decoder;
            return new Shape(d.inputSize, d.hiddenSize, d.outputSize, d.oneHotInput, Head.SOFTMAX_CROSS_ENTROPY,
                    TargetMode.EVERY_STEP, false, new Encoder(l.encoder.inputSize, l.encoder.oneHotInput, l.feedContext));
        }

        /**
         * Length of the flat parameter vector: one layout block, two for a bidirectional model, or the
         * encoder's block, the decoder's and C for an encoder–decoder.
         */
        public int parameterCount() {
            if (encoder != null) return encoderDecoderLayout().size();
            return layout().size() * (bidirectional ? 2 : 1);
        }

        /**
         * Where each parameter lives in the flat vector, or in each of its blocks: the one RNN, each direction
         * of a bidirectional model, or the decoder of an encoder–decoder (at
         * {@link EncoderDecoderLayout#decoderBase()}).
         */
        public RnnLayout layout() {
            return new RnnLayout(inputSize, hiddenSize, outputSize, oneHotInput);
        }

        /** Where each parameter of an encoder–decoder lives in the flat vector; null without an encoder. */
        public EncoderDecoderLayout encoderDecoderLayout() {
            if (encoder == null) return null;
            return new EncoderDecoderLayout(new RnnLayout(encoder.inputSize, hiddenSize, 0, encoder.oneHotInput),
                    layout(), encoder.feedContext);
        }

        @Override
        public String toString() {
            return "D=" + inputSize + (oneHotInput ? " (one-hot)" : " (dense)") + ", H=" + hiddenSize + ", K="
                    + outputSize + ", " + head + ", " + targetMode + (bidirectional ? ", bidirectional" : "")
                    + (encoder != null ? ", " + encoder : "");
        }

        /**
         * The encoder of an encoder–decoder: an RNN with the decoder's hidden size H and no output layer,
         * whose last state is the context the decoder starts from.
         *
         * @param inputSize   D of the source: its vocabulary size (one-hot) or number of features (dense)
         * @param oneHotInput true when a source step is a token index
         * @param feedContext the decoder also reads the context at every step (C c, C: H x H), not only as h_0
         */
        public record Encoder(int inputSize, boolean oneHotInput, boolean feedContext) {
            public Encoder {
                if (inputSize < 1) throw new IllegalArgumentException("encoder input size D=" + inputSize);
            }

            @Override
            public String toString() {
                return "encoder D=" + inputSize + (oneHotInput ? " (one-hot)" : " (dense)")
                        + (feedContext ? ", context fed each step" : "");
            }
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
