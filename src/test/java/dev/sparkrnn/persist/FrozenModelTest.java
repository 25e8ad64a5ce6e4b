package dev.sparkrnn.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkrnn.data.CharVocabulary;
import dev.sparkrnn.kernel.BiRnnKernel;
import dev.sparkrnn.kernel.Blas;
import dev.sparkrnn.kernel.Decoded;
import dev.sparkrnn.kernel.EncoderDecoderKernel;
import dev.sparkrnn.kernel.EncoderDecoderLayout;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.RnnKernel;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.Sampler;
import dev.sparkrnn.kernel.SequenceBatch;
import dev.sparkrnn.kernel.SequenceDecoder;
import dev.sparkrnn.kernel.TargetMode;
import dev.sparkrnn.kernel.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * A model frozen in format version 1 must stay readable, and mean the same, forever.
 *
 * <p>Each model under {@code src/test/resources/models/} was written once by its {@code freeze...} method,
 * with the outputs the kernel computed from it at that time in {@code <model>.expected.json}:
 * <ul>
 *   <li>{@code char-rnn-v1}: a tiny character model (5 characters, among them a newline, a non-ASCII letter
 *       and one outside the Basic Multilingual Plane; H = 4), {@link #freezeCharRnn()};
 *   <li>{@code birnn-tag-v1}: a bidirectional tagger (5 words with {@code <unk>}, H = 3, 4 tags),
 *       {@link #freezeBiRnnTagger()};
 *   <li>{@code encdec-g2p-v1}: an encoder–decoder from letters to phonemes (6 characters, H = 4, 7 target
 *       tokens with {@code <unk>}, {@code <s>}, {@code </s>}; the context fed each step),
 *       {@link #freezeEncoderDecoder()}.
 * </ul>
 * The tests read the committed directories through the normal reader and check that the kernel reproduces
 * those outputs. Never regenerate these files to make the test pass: a format change must keep reading
 * version 1, and a kernel change must keep its outputs.
 */
class FrozenModelTest {
    static final String MODEL = "models/char-rnn-v1";
    static final String TAGGER = "models/birnn-tag-v1";
    static final String ENCODER_DECODER = "models/encdec-g2p-v1";
    static final double TOLERANCE = 1e-12;

    /** The text fed to the model before the outputs are taken. */
    static final String PRIME = "a \u00e9\n\ud83d\ude00a";
    static final int CONTINUATION = 10;

    /** The tagger's input: "the dog barks loudly &lt;unk&gt;", and its tags DET NOUN VERB ADV NOUN. */
    static final int[] SENTENCE = {1, 2, 3, 4, 0};
    static final int[] TAGS = {0, 1, 2, 3, 1};

    /** The encoder–decoder's pair: "cat" -> K AE T (target indices; the decoder reads &lt;s&gt; K AE T). */
    static final String SOURCE = "cat";
    static final int[] TARGET = {5, 3, 6};
    static final int START = 1, END = 2, MAX_DECODED = 10;

    static SavedModel readFrozen(String model) throws IOException, URISyntaxException {
        URL url = FrozenModelTest.class.getResource("/" + model);
        assertNotNull(url, model + " is not on the test class path");
        return ModelFiles.read(new Configuration(), url.toURI().toString());
    }

    static JsonNode expected(String model) throws IOException {
        try (InputStream in = FrozenModelTest.class.getResourceAsStream("/" + model + ".expected.json")) {
            assertNotNull(in, model + ".expected.json is not on the test class path");
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void readsTheFrozenVersion1ModelAndReproducesItsOutputs() throws IOException, URISyntaxException {
        SavedModel model = readFrozen(MODEL);

        ModelMetadata meta = model.metadata();
        assertEquals(ModelMetadata.Shape.of(new RnnLayout(5, 4, 5, true), Head.SOFTMAX_CROSS_ENTROPY,
                TargetMode.EVERY_STEP), meta.shape());
        assertEquals("rnn", meta.modelType());
        assertEquals("char-lm", meta.task());
        assertEquals(List.of("\n", " ", "a", "\u00e9", "\ud83d\ude00"), meta.vocabulary());
        assertArrayEquals(new int[] {10, 32, 97, 233, 0x1F600}, model.charVocabulary().codePoints());
        assertEquals(List.of(), meta.labels());
        assertEquals(20261125L, meta.provenance().seed());
        assertEquals("4.2.0", meta.provenance().sparkVersion());
        assertEquals("4", meta.configuration().get("hidden"));
        assertEquals(65L, meta.metrics().get("parameters"));

        JsonNode expected = expected(MODEL);
        Outputs actual = outputs(model, PRIME);
        assertEquals(expected.get("prime").textValue(), PRIME);
        assertClose(expected.get("primeLoss").doubleValue(), actual.primeLoss(), "loss of the prime");
        assertClose(doubles(expected.get("lastHidden")), actual.lastHidden(), "h after the prime");
        assertClose(doubles(expected.get("probabilities")), actual.probabilities(), "y^ after the prime");
        assertArrayEquals(ints(expected.get("greedyTokens")), actual.greedyTokens(), "greedy continuation");
        assertEquals(expected.get("greedyText").textValue(), actual.greedyText());
    }

    @Test
    void readsTheFrozenBidirectionalTaggerAndReproducesItsOutputs() throws IOException, URISyntaxException {
        SavedModel model = readFrozen(TAGGER);

        ModelMetadata meta = model.metadata();
        assertEquals(ModelMetadata.Shape.of(new RnnLayout(5, 3, 4, true), Head.SOFTMAX_CROSS_ENTROPY,
                TargetMode.EVERY_STEP, true), meta.shape());
        assertEquals("rnn", meta.modelType());
        assertEquals("tag", meta.task());
        assertEquals(List.of("<unk>", "the", "dog", "barks", "loudly"), meta.vocabulary());
        assertEquals(List.of("DET", "NOUN", "VERB", "ADV"), meta.labels());
        assertEquals(List.of(), meta.sourceVocabulary());
        assertNull(model.encoderDecoderLayout());
        assertEquals(2 * new RnnLayout(5, 3, 4, true).size(), model.params().length);
        assertEquals(20261120L, meta.provenance().seed());
        assertEquals("3", meta.configuration().get("hidden"));

        JsonNode expected = expected(TAGGER);
        TaggerOutputs actual = taggerOutputs(model);
        assertArrayEquals(ints(expected.get("sentence")), SENTENCE);
        assertArrayEquals(ints(expected.get("tags")), TAGS);
        assertClose(expected.get("loss").doubleValue(), actual.loss(), "loss of the sentence");
        assertClose(doubles(expected.get("probabilities")), actual.probabilities(), "y^ at every step");
        assertArrayEquals(ints(expected.get("predictedTags")), actual.predictedTags(), "argmax tags");
    }

    @Test
    void readsTheFrozenEncoderDecoderAndReproducesItsOutputs() throws IOException, URISyntaxException {
        SavedModel model = readFrozen(ENCODER_DECODER);

        ModelMetadata meta = model.metadata();
        EncoderDecoderLayout layout = EncoderDecoderLayout.of(6, true, 4, 7, true);
        assertEquals(ModelMetadata.Shape.of(layout), meta.shape());
        assertEquals(layout, model.encoderDecoderLayout());
        assertEquals(new ModelMetadata.Shape.Encoder(6, true, true), meta.shape().encoder());
        assertEquals("encoder-decoder", meta.modelType());
        assertEquals("g2p", meta.task());
        assertEquals(List.of("a", "b", "c", "k", "o", "t"), model.sourceVocabulary());
        assertEquals(List.of("<unk>", "<s>", "</s>", "AE", "B", "K", "T"), meta.vocabulary());
        assertEquals(START, meta.vocabulary().indexOf("<s>"));
        assertEquals(END, meta.vocabulary().indexOf("</s>"));
        assertEquals(List.of(), meta.labels());
        assertEquals(layout.size(), model.params().length);
        assertEquals(20261130L, meta.provenance().seed());
        assertEquals("true", meta.configuration().get("model.feed.context"));

        JsonNode expected = expected(ENCODER_DECODER);
        DecoderOutputs actual = decoderOutputs(model);
        assertEquals(expected.get("source").textValue(), SOURCE);
        assertArrayEquals(ints(expected.get("target")), TARGET);
        assertClose(expected.get("loss").doubleValue(), actual.loss(), "teacher-forced loss");
        assertClose(doubles(expected.get("probabilities")), actual.probabilities(), "teacher-forced y^");
        assertArrayEquals(ints(expected.get("greedyTokens")), actual.greedy().tokens(), "greedy decoding");
        assertClose(expected.get("greedyLogProbability").doubleValue(), actual.greedy().logProbability(),
                "log p of the greedy output");
        assertEquals(expected.get("greedyFinished").booleanValue(), actual.greedy().finished());
    }

    /** What the kernel computes from a character model and a prime. */
    record Outputs(double primeLoss, double[] lastHidden, double[] probabilities, int[] greedyTokens,
                   String greedyText) {
    }

    /**
     * Feeds {@code prime} (each step predicting the next character) and keeps the summed loss, the last hidden
     * state and y^ after the last character; then the greedy (top-1) continuation of {@value #CONTINUATION}.
     */
    static Outputs outputs(SavedModel model, String prime) {
        RnnLayout layout = model.layout();
        CharVocabulary vocabulary = model.charVocabulary();
        int[] x = vocabulary.encode(prime);
        RnnKernel kernel = new RnnKernel(layout, Blas.best());
        SequenceBatch batch = new SequenceBatch(layout, model.head(), model.targetMode());
        int s = batch.addSequence(x.length);
        for (int t = 0; t < x.length; t++) {
            batch.setToken(s, t, x[t]);
            batch.setClassTarget(s, t, t + 1 < x.length ? x[t + 1] : -1);
        }
        batch.pack();
        double[] h = new double[layout.hiddenSize];
        double[] probabilities = new double[layout.outputSize];
        double loss = kernel.forward(model.params(), batch, h, new Workspace(layout, 1, x.length),
                (first, count, out) -> {
                    // one sequence: packed column = step; keep the last step's y^
                    if (first + count == x.length) {
                        System.arraycopy(out, (count - 1) * layout.outputSize, probabilities, 0, layout.outputSize);
                    }
                });
        int[] greedy = new Sampler(kernel, model.params()).sample(x, CONTINUATION, 1.0, 1, 0L);
        return new Outputs(loss, h, probabilities, greedy, vocabulary.decode(greedy, 0, greedy.length));
    }

    /** What the bidirectional tagger computes for {@link #SENTENCE}. */
    record TaggerOutputs(double loss, double[] probabilities, int[] predictedTags) {
    }

    /** The summed loss of {@link #SENTENCE} tagged {@link #TAGS}, y^ at every step (K each) and its argmax. */
    static TaggerOutputs taggerOutputs(SavedModel model) {
        RnnLayout layout = model.layout();
        int k = layout.outputSize;
        SequenceBatch batch = new SequenceBatch(layout, model.head(), model.targetMode());
        int s = batch.addSequence(SENTENCE.length);
        for (int t = 0; t < SENTENCE.length; t++) {
            batch.setToken(s, t, SENTENCE[t]);
            batch.setClassTarget(s, t, TAGS[t]);
        }
        batch.pack();
        double[] probabilities = new double[SENTENCE.length * k];
        double loss = new BiRnnKernel(layout, Blas.best()).forward(model.params(), batch,
                new BiRnnKernel.Scratch(layout, model.head(), model.targetMode(), 1, SENTENCE.length),
                // one sequence: packed column = step
                (first, count, out) -> System.arraycopy(out, 0, probabilities, first * k, count * k));
        int[] predicted = new int[SENTENCE.length];
        for (int t = 0; t < predicted.length; t++) {
            for (int j = 1; j < k; j++) {
                if (probabilities[t * k + j] > probabilities[t * k + predicted[t]]) predicted[t] = j;
            }
        }
        return new TaggerOutputs(loss, probabilities, predicted);
    }

    /** What the encoder–decoder computes for {@link #SOURCE}. */
    record DecoderOutputs(double loss, double[] probabilities, Decoded greedy) {
    }

    /**
     * Teacher forcing on {@link #SOURCE} -> {@link #TARGET}: the summed loss and y^ at each of the T + 1 decoder
     * steps; then greedy decoding of {@link #SOURCE}, at most {@value #MAX_DECODED} tokens.
     */
    static DecoderOutputs decoderOutputs(SavedModel model) {
        EncoderDecoderLayout layout = model.encoderDecoderLayout();
        int k = layout.decoder.outputSize;
        int[] x = new int[SOURCE.length()];
        for (int t = 0; t < x.length; t++) x[t] = model.sourceVocabulary().indexOf(SOURCE.substring(t, t + 1));
        SequenceBatch source = new SequenceBatch(layout.encoder, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.LAST_STEP);
        SequenceBatch target = new SequenceBatch(layout.decoder, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP);
        int s = source.addSequence(x.length);
        for (int t = 0; t < x.length; t++) source.setToken(s, t, x[t]);
        int n = TARGET.length + 1;
        int q = target.addSequence(n);
        for (int t = 0; t < n; t++) {
            target.setToken(q, t, t == 0 ? START : TARGET[t - 1]);
            target.setClassTarget(q, t, t < TARGET.length ? TARGET[t] : END);
        }
        source.pack();
        target.pack();
        EncoderDecoderKernel kernel = new EncoderDecoderKernel(layout, Blas.best());
        double[] probabilities = new double[n * k];
        double loss = kernel.forward(model.params(), source, target, new EncoderDecoderKernel.Scratch(layout, 1, 8, 8),
                // one sequence: packed column = step
                (first, count, out) -> System.arraycopy(out, 0, probabilities, first * k, count * k));

        SequenceDecoder decoder = new SequenceDecoder(kernel, model.params(), 1, 8);
        SequenceBatch one = decoder.source();
        int d = one.addSequence(x.length);
        for (int t = 0; t < x.length; t++) one.setToken(d, t, x[t]);
        return new DecoderOutputs(loss, probabilities, decoder.greedy(START, END, MAX_DECODED));
    }

    /**
     * Writes the named frozen models ({@code char-rnn-v1}, {@code birnn-tag-v1}, {@code encdec-g2p-v1}) and
     * their expected outputs, once: not a test, a tool kept beside the test. Run from the project root, after
     * {@code mvn test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
     * -Dmdep.includeScope=test}, with
     * <pre>
     *   java -cp target/test-classes:target/classes:$(cat target/classpath.txt) dev.sparkrnn.persist.FrozenModelTest NAME...
     * </pre>
     * It refuses to replace an existing model: the committed files are the test.
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("name the models to freeze: char-rnn-v1, birnn-tag-v1, encdec-g2p-v1");
        }
        for (String name : args) {
            switch (name) {
                case "char-rnn-v1" -> freezeCharRnn();
                case "birnn-tag-v1" -> freezeBiRnnTagger();
                case "encdec-g2p-v1" -> freezeEncoderDecoder();
                default -> throw new IllegalArgumentException("no frozen model " + name);
            }
        }
    }

    /** The raw local file system: no .crc sidecar files among the committed ones. */
    static Configuration rawLocal() {
        Configuration raw = new Configuration();
        raw.set("fs.file.impl", org.apache.hadoop.fs.RawLocalFileSystem.class.getName());
        raw.setBoolean("fs.file.impl.disable.cache", true);
        return raw;
    }

    /** {@code theta.length} values scale x N(0, 1), drawn from {@code seed}. */
    static double[] gaussian(int n, double scale, long seed) {
        Random random = new Random(seed);
        double[] theta = new double[n];
        for (int i = 0; i < theta.length; i++) theta[i] = scale * random.nextGaussian();
        return theta;
    }

    /** Writes {@code model} as {@code name} (refusing to replace it), reads it back and returns what was read. */
    static SavedModel writeOnce(String name, SavedModel model) throws IOException {
        String dir = Path.of("src/test/resources").resolve(name).toString();
        ModelFiles.write(rawLocal(), dir, model, false);
        SavedModel back = ModelFiles.read(rawLocal(), dir);
        assertEquals(model, back);
        return back;
    }

    static void writeExpected(String name, ObjectNode expected) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(Path.of("src/test/resources").resolve(name + ".expected.json"),
                json.writeValueAsString(expected) + "\n");
    }

    static void freezeCharRnn() throws IOException {
        long seed = 20261125L;
        CharVocabulary vocabulary = new CharVocabulary(new int[] {10, 32, 97, 233, 0x1F600});
        ModelMetadata.Shape shape = new ModelMetadata.Shape(5, 4, 5, true, Head.SOFTMAX_CROSS_ENTROPY,
                TargetMode.EVERY_STEP);
        double scale = 0.8;
        Random random = new Random(seed);
        double[] theta = new double[shape.layout().size()];
        for (int i = 0; i < theta.length; i++) theta[i] = scale * random.nextGaussian();
        ModelMetadata meta = new ModelMetadata("rnn", shape, "char-lm",
                Map.of("hidden", "4", "init", "gaussian", "init.scale", Double.toString(scale),
                        "seed", Long.toString(seed)),
                SavedModel.tokensOf(vocabulary), List.of(), null,
                new ModelMetadata.Provenance("generated by FrozenModelTest.freeze", seed, "4.2.0", "0.1.0-SNAPSHOT",
                        Instant.now().truncatedTo(ChronoUnit.SECONDS), null, null),
                Map.of("parameters", (long) theta.length, "note", "frozen format-1 test model: never regenerate"));
        SavedModel back = writeOnce(MODEL, new SavedModel(meta, theta));
        Outputs out = outputs(back, PRIME);
        ObjectNode expected = new ObjectMapper().createObjectNode();
        expected.put("comment", "written by FrozenModelTest.freeze together with char-rnn-v1; never regenerate");
        expected.put("prime", PRIME);
        expected.put("primeLoss", out.primeLoss());
        ArrayNode lastHidden = expected.putArray("lastHidden");
        for (double v : out.lastHidden()) lastHidden.add(v);
        ArrayNode probabilities = expected.putArray("probabilities");
        for (double v : out.probabilities()) probabilities.add(v);
        ArrayNode greedyTokens = expected.putArray("greedyTokens");
        for (int v : out.greedyTokens()) greedyTokens.add(v);
        expected.put("greedyText", out.greedyText());
        writeExpected(MODEL, expected);
    }

    static void freezeBiRnnTagger() throws IOException {
        long seed = 20261120L;
        double scale = 0.8;
        RnnLayout layout = new RnnLayout(5, 3, 4, true);
        ModelMetadata.Shape shape = ModelMetadata.Shape.of(layout, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP,
                true);
        double[] theta = gaussian(shape.parameterCount(), scale, seed);
        ModelMetadata meta = new ModelMetadata("rnn", shape, "tag",
                Map.of("hidden", "3", "model.bidirectional", "true", "init", "gaussian",
                        "init.scale", Double.toString(scale), "seed", Long.toString(seed)),
                List.of("<unk>", "the", "dog", "barks", "loudly"), List.of("DET", "NOUN", "VERB", "ADV"), null,
                new ModelMetadata.Provenance("generated by FrozenModelTest.freezeBiRnnTagger", seed, "4.2.0",
                        "0.1.0-SNAPSHOT", Instant.now().truncatedTo(ChronoUnit.SECONDS), null, null),
                Map.of("parameters", (long) theta.length, "note", "frozen format-1 test model: never regenerate"));
        SavedModel back = writeOnce(TAGGER, new SavedModel(meta, theta));
        TaggerOutputs out = taggerOutputs(back);
        ObjectNode expected = new ObjectMapper().createObjectNode();
        expected.put("comment", "written by FrozenModelTest.freezeBiRnnTagger together with birnn-tag-v1; never"
                + " regenerate");
        ArrayNode sentence = expected.putArray("sentence");
        for (int v : SENTENCE) sentence.add(v);
        ArrayNode tags = expected.putArray("tags");
        for (int v : TAGS) tags.add(v);
        expected.put("loss", out.loss());
        ArrayNode probabilities = expected.putArray("probabilities");
        for (double v : out.probabilities()) probabilities.add(v);
        ArrayNode predicted = expected.putArray("predictedTags");
        for (int v : out.predictedTags()) predicted.add(v);
        writeExpected(TAGGER, expected);
    }

    static void freezeEncoderDecoder() throws IOException {
        long seed = 20261130L;
        double scale = 1.0;
        EncoderDecoderLayout layout = EncoderDecoderLayout.of(6, true, 4, 7, true);
        ModelMetadata.Shape shape = ModelMetadata.Shape.of(layout);
        double[] theta = gaussian(shape.parameterCount(), scale, seed);
        ModelMetadata meta = new ModelMetadata(ModelFiles.modelTypeOf(shape), shape, "g2p",
                Map.of("hidden", "4", "model.feed.context", "true", "init", "gaussian",
                        "init.scale", Double.toString(scale), "seed", Long.toString(seed)),
                List.of("<unk>", "<s>", "</s>", "AE", "B", "K", "T"), List.of(), null,
                new ModelMetadata.Provenance("generated by FrozenModelTest.freezeEncoderDecoder", seed, "4.2.0",
                        "0.1.0-SNAPSHOT", Instant.now().truncatedTo(ChronoUnit.SECONDS), null, null),
                Map.of("parameters", (long) theta.length, "note", "frozen format-1 test model: never regenerate"),
                List.of("a", "b", "c", "k", "o", "t"));
        SavedModel back = writeOnce(ENCODER_DECODER, new SavedModel(meta, theta));
        DecoderOutputs out = decoderOutputs(back);
        ObjectNode expected = new ObjectMapper().createObjectNode();
        expected.put("comment", "written by FrozenModelTest.freezeEncoderDecoder together with encdec-g2p-v1; never"
                + " regenerate");
        expected.put("source", SOURCE);
        ArrayNode target = expected.putArray("target");
        for (int v : TARGET) target.add(v);
        expected.put("loss", out.loss());
        ArrayNode probabilities = expected.putArray("probabilities");
        for (double v : out.probabilities()) probabilities.add(v);
        ArrayNode greedy = expected.putArray("greedyTokens");
        for (int v : out.greedy().tokens()) greedy.add(v);
        expected.put("greedyLogProbability", out.greedy().logProbability());
        expected.put("greedyFinished", out.greedy().finished());
        writeExpected(ENCODER_DECODER, expected);
    }

    static double[] doubles(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).doubleValue();
        return v;
    }

    static int[] ints(JsonNode a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).intValue();
        return v;
    }

    static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, TOLERANCE, what);
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], TOLERANCE, what + " [" + i + "]");
    }
}
