package dev.sparkrnn.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkrnn.data.CharVocabulary;
import dev.sparkrnn.kernel.Blas;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.RnnKernel;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.Sampler;
import dev.sparkrnn.kernel.SequenceBatch;
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
 * <p>{@code src/test/resources/models/char-rnn-v1/} is a tiny character model (5 characters, among them a
 * newline, a non-ASCII letter and one outside the Basic Multilingual Plane; H = 4) written once by
 * {@link #freeze()}, with the outputs the kernel computed from it at that time in
 * {@code char-rnn-v1.expected.json}. The test reads the committed directory through the normal reader and
 * checks that the kernel reproduces those outputs. Never regenerate these files to make the test pass: a
 * format change must keep reading version 1, and a kernel change must keep its outputs.
 */
class FrozenModelTest {
    static final String MODEL = "models/char-rnn-v1";
    static final double TOLERANCE = 1e-12;

    /** The text fed to the model before the outputs are taken. */
    static final String PRIME = "a \u00e9\n\ud83d\ude00a";
    static final int CONTINUATION = 10;

    @Test
    void readsTheFrozenVersion1ModelAndReproducesItsOutputs() throws IOException, URISyntaxException {
        URL url = FrozenModelTest.class.getResource("/" + MODEL);
        assertNotNull(url, MODEL + " is not on the test class path");
        SavedModel model = ModelFiles.read(new Configuration(), url.toURI().toString());

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

        JsonNode expected;
        try (InputStream in = FrozenModelTest.class.getResourceAsStream("/" + MODEL + ".expected.json")) {
            assertNotNull(in, MODEL + ".expected.json is not on the test class path");
            expected = new ObjectMapper().readTree(in);
        }
        Outputs actual = outputs(model, PRIME);
        assertEquals(expected.get("prime").textValue(), PRIME);
        assertClose(expected.get("primeLoss").doubleValue(), actual.primeLoss(), "loss of the prime");
        assertClose(doubles(expected.get("lastHidden")), actual.lastHidden(), "h after the prime");
        assertClose(doubles(expected.get("probabilities")), actual.probabilities(), "y^ after the prime");
        assertArrayEquals(ints(expected.get("greedyTokens")), actual.greedyTokens(), "greedy continuation");
        assertEquals(expected.get("greedyText").textValue(), actual.greedyText());
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

    /**
     * Writes the frozen model and its expected outputs, once: not a test, a tool kept beside the test. Run
     * from the project root, after {@code mvn test-compile dependency:build-classpath
     * -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test}, with
     * <pre>
     *   java -cp target/test-classes:target/classes:$(cat target/classpath.txt) dev.sparkrnn.persist.FrozenModelTest
     * </pre>
     * It refuses to replace an existing model: the committed files are the test.
     */
    public static void main(String[] args) throws IOException {
        freeze();
    }

    static void freeze() throws IOException {
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
        SavedModel model = new SavedModel(meta, theta);

        // The raw local file system: no .crc sidecar files among the committed ones.
        Configuration raw = new Configuration();
        raw.set("fs.file.impl", org.apache.hadoop.fs.RawLocalFileSystem.class.getName());
        raw.setBoolean("fs.file.impl.disable.cache", true);
        Path resources = Path.of("src/test/resources");
        ModelFiles.write(raw, resources.resolve(MODEL).toString(), model, false);

        SavedModel back = ModelFiles.read(raw, resources.resolve(MODEL).toString());
        assertEquals(model, back);
        Outputs out = outputs(back, PRIME);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode expected = json.createObjectNode();
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
        Files.writeString(resources.resolve(MODEL + ".expected.json"), json.writeValueAsString(expected) + "\n");
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
