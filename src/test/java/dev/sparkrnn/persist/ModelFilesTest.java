package dev.sparkrnn.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkrnn.data.CharVocabulary;
import dev.sparkrnn.data.Normalization;
import dev.sparkrnn.kernel.EncoderDecoderLayout;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Model files on the local file system (Hadoop's LocalFileSystem, with its .crc sidecar files). */
class ModelFilesTest {
    @TempDir
    java.nio.file.Path tmp;

    final Configuration conf = new Configuration();

    /** A character model over {@code text}'s characters, with parameters drawn from {@code seed}. */
    static SavedModel charModel(String text, int hidden, long seed) {
        CharVocabulary v = CharVocabulary.of(text);
        ModelMetadata.Shape shape = new ModelMetadata.Shape(v.size(), hidden, v.size(), true,
                Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP);
        ModelMetadata meta = new ModelMetadata("rnn", shape, "char-lm", Map.of("hidden", Integer.toString(hidden),
                "optimizer", "adagrad"), SavedModel.tokensOf(v), List.of(), null,
                new ModelMetadata.Provenance("hdfs:///corpora/tiny.txt", seed, "4.2.0", "0.1.0-SNAPSHOT",
                        Instant.parse("2026-11-25T10:00:00.123Z"), null, null),
                Map.of("loss", 1.25, "iterations", 300L, "stopped", "max.iterations"));
        return new SavedModel(meta, gaussian(shape.layout().size(), seed));
    }

    /** Letters to phonemes: target tokens {@code <unk>}, {@code <s>}, {@code </s>} and phonemes. */
    static final List<String> PHONEMES = List.of("<unk>", "<s>", "</s>", "AE", "B", "K", "T", "\u0283");

    /**
     * An encoder–decoder (H = 5) over the characters of "cab\u00e9" (one-hot source, with its source
     * vocabulary) or 3 features (dense source, none), with parameters drawn from {@code seed}.
     */
    static SavedModel encoderDecoder(boolean oneHotSource, boolean feedContext, long seed) {
        List<String> source = oneHotSource ? SavedModel.tokensOf(CharVocabulary.of("cab\u00e9")) : List.of();
        EncoderDecoderLayout layout = EncoderDecoderLayout.of(oneHotSource ? source.size() : 3, oneHotSource, 5,
                PHONEMES.size(), feedContext);
        ModelMetadata.Shape shape = ModelMetadata.Shape.of(layout);
        ModelMetadata meta = new ModelMetadata("encoder-decoder", shape, "g2p", Map.of("hidden", "5"), PHONEMES,
                List.of(), null, new ModelMetadata.Provenance("hdfs:///corpora/cmudict.txt", seed, "4.2.0",
                        "0.1.0-SNAPSHOT", Instant.parse("2026-11-25T10:00:00Z"), null, null),
                Map.of("loss", 0.5), source);
        return new SavedModel(meta, gaussian(layout.size(), seed));
    }

    static double[] gaussian(int n, long seed) {
        Random r = new Random(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextGaussian();
        return a;
    }

    String dir(String name) {
        return tmp.resolve(name).toString();
    }

    /** Hadoop's LocalFileSystem keeps a CRC sidecar; tests that edit a file drop it to reach our own checks. */
    void dropSidecar(String model, String file) throws IOException {
        Files.deleteIfExists(tmp.resolve(model).resolve("." + file + ".crc"));
    }

    /**
     * Empties the model's _SUCCESS, as in a model written before manifests, so that a test that damages a file
     * on purpose sees the checks behind the manifest (which would otherwise refuse the file first).
     */
    void unseal(String model) throws IOException {
        Files.write(tmp.resolve(model).resolve(ModelFiles.SUCCESS), new byte[0]);
        dropSidecar(model, ModelFiles.SUCCESS);
    }

    void editMetadata(String model, Consumer<ObjectNode> edit) throws IOException {
        java.nio.file.Path f = tmp.resolve(model).resolve(ModelFiles.METADATA);
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(f.toFile());
        edit.accept(root);
        Files.write(f, json.writeValueAsBytes(root));
        dropSidecar(model, ModelFiles.METADATA);
        unseal(model);
    }

    List<String> visibleNames(java.nio.file.Path d) throws IOException {
        try (Stream<java.nio.file.Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    @Test
    void roundTripIsExact() throws IOException {
        SavedModel m = charModel("to be or not to be\n\u00e9\u00df\ud83d\ude00\"\\\t", 7, 3);
        m.params()[0] = Double.NaN;
        m.params()[1] = -0.0;
        m.params()[2] = Double.NEGATIVE_INFINITY;
        m.params()[3] = Double.MIN_VALUE;
        m.params()[4] = 0.1;
        ModelFiles.write(conf, dir("m"), m, false);

        assertEquals(List.of("_SUCCESS", "metadata.json", "parameters.bin"), visibleNames(tmp.resolve("m")));
        assertEquals(List.of("m"), visibleNames(tmp), "no temporary left behind");
        SavedModel back = ModelFiles.read(conf, dir("m"));
        assertEquals(m, back);
        assertArrayEquals(m.params(), back.params());
        assertArrayEquals(CharVocabulary.of("to be or not to be\n\u00e9\u00df\ud83d\ude00\"\\\t").encode("not \ud83d\ude00"),
                back.charVocabulary().encode("not \ud83d\ude00"));
        assertEquals(7, back.layout().hiddenSize);
        assertEquals(Head.SOFTMAX_CROSS_ENTROPY, back.head());
        assertEquals(TargetMode.EVERY_STEP, back.targetMode());
        // Through a file: URI too, as a job given a URI would.
        assertEquals(m, ModelFiles.read(conf, tmp.resolve("m").toUri().toString()));
    }

    @Test
    void denseModelWithLabelsNormalizationAndOddStringsRoundTrips() throws IOException {
        ModelMetadata.Shape shape = new ModelMetadata.Shape(3, 2, 4, false, Head.SIGMOID_BINARY_CROSS_ENTROPY,
                TargetMode.LAST_STEP);
        ModelMetadata meta = new ModelMetadata("rnn", shape, "classify \u2713", Map.of("a\nb", "\"quoted\"", "empty", ""),
                List.of(), List.of("cat", "dog", "\ud800 lone surrogate", "\u0000"),
                new Normalization(new double[] {0.5, -1e-300, 3}, new double[] {1, 2.5, 1e-3}),
                new ModelMetadata.Provenance("file:///data/x.csv", -7, "4.2.0", "0.1.0", Instant.EPOCH, "node-1", "ana"),
                Map.of("nan", Double.NaN, "small", 1e-320, "count", 3, "f", 0.5f));
        SavedModel m = new SavedModel(meta, gaussian(shape.layout().size(), 9));
        ModelFiles.write(conf, dir("dense"), m, false);
        SavedModel back = ModelFiles.read(conf, dir("dense"));
        assertEquals(m, back);
        assertEquals(Map.of("nan", "NaN", "small", 1e-320, "count", 3L, "f", 0.5), back.metadata().metrics());
        assertEquals("node-1", back.metadata().provenance().host());
        IllegalStateException e = assertThrows(IllegalStateException.class, back::charVocabulary);
        assertTrue(e.getMessage().contains("no vocabulary"), e.getMessage());
    }

    @Test
    void filesAreTheDocumentedOnes() throws IOException {
        SavedModel m = charModel("abcde", 4, 1);
        ModelFiles.write(conf, dir("m"), m, false);
        java.nio.file.Path d = tmp.resolve("m");

        byte[] params = Files.readAllBytes(d.resolve("parameters.bin"));
        byte[] metadata = Files.readAllBytes(d.resolve("metadata.json"));
        java.util.zip.CRC32C mc = new java.util.zip.CRC32C(), pc = new java.util.zip.CRC32C();
        mc.update(metadata);
        pc.update(params);
        assertEquals("spark-rnn-manifest 1\n"
                        + "metadata.json " + metadata.length + " CRC32C " + String.format("%08x", mc.getValue()) + "\n"
                        + "parameters.bin " + params.length + " CRC32C " + String.format("%08x", pc.getValue()) + "\n",
                Files.readString(d.resolve("_SUCCESS")), "the marker is the manifest");
        RnnLayout l = m.layout();
        assertEquals(8L * l.size(), params.length);
        ByteBuffer b = ByteBuffer.wrap(params);   // big-endian
        assertEquals(m.params()[l.offV() + 2 + 3 * 4], b.getDouble(8 * (l.offV() + 2 + 3 * 4)));   // V(2, 3)
        assertEquals(m.params()[l.offBo() + 4], b.getDouble(params.length - 8));

        byte[] raw = Files.readAllBytes(d.resolve("metadata.json"));
        for (byte x : raw) assertTrue(x > 0, "metadata.json is ASCII");
        JsonNode j = new ObjectMapper().readTree(raw);
        assertEquals(1, j.get("format").intValue());
        assertEquals("rnn", j.get("modelType").textValue());
        assertEquals(5, j.get("shape").get("D").intValue());
        assertEquals(4, j.get("shape").get("H").intValue());
        assertEquals("SOFTMAX_CROSS_ENTROPY", j.get("shape").get("head").textValue());
        assertEquals("a", j.get("vocabulary").get(0).textValue());
        assertEquals("2026-11-25T10:00:00.123Z", j.get("provenance").get("created").textValue());
        assertEquals(300, j.get("metrics").get("iterations").longValue());
        JsonNode p = j.get("parameters");
        assertEquals("parameters.bin", p.get("file").textValue());
        assertEquals(l.size(), p.get("count").intValue());
        assertEquals(l.offW(), p.get("offsets").get("W").intValue());
        assertEquals(l.offBh(), p.get("offsets").get("b_h").intValue());
        assertEquals("big-endian", p.get("byteOrder").textValue());
        assertEquals("CRC32C", p.get("checksum").get("algorithm").textValue());
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(params);
        assertEquals(String.format("%08x", crc.getValue()), p.get("checksum").get("value").textValue());
    }

    @Test
    void overwriteIsRefusedUnlessAsked() throws IOException {
        SavedModel first = charModel("abc", 3, 1);
        SavedModel second = charModel("xyz!", 5, 2);
        ModelFiles.write(conf, dir("m"), first, false);

        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> ModelFiles.write(conf, dir("m"), second, false));
        assertTrue(e.getMessage().contains("already exists") && e.getMessage().contains("overwrite=true"), e.getMessage());
        assertTrue(e.getMessage().contains(tmp.resolve("m").toString()), e.getMessage());
        assertEquals(first, ModelFiles.read(conf, dir("m")));

        ModelFiles.write(conf, dir("m"), second, true);
        assertEquals(second, ModelFiles.read(conf, dir("m")));
        assertEquals(List.of("m"), visibleNames(tmp), "the old model and the temporary are gone");
        try (Stream<java.nio.file.Path> s = Files.list(tmp)) {
            assertEquals(List.of("m"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void neverOverwritesSomethingThatIsNotAModel() throws IOException {
        java.nio.file.Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve("thesis.tex"), "precious");
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> ModelFiles.write(conf, home.toString(), charModel("ab", 2, 1), true));
        assertTrue(e.getMessage().contains("not a spark-rnn model"), e.getMessage());
        assertEquals("precious", Files.readString(home.resolve("thesis.tex")));

        Files.writeString(tmp.resolve("file"), "x");
        e = assertThrows(FileAlreadyExistsException.class,
                () -> ModelFiles.write(conf, dir("file"), charModel("ab", 2, 1), true));
        assertTrue(e.getMessage().contains("a file"), e.getMessage());

        Files.createDirectories(tmp.resolve("empty"));   // an empty directory may be replaced
        ModelFiles.write(conf, dir("empty"), charModel("ab", 2, 1), true);
        assertEquals(charModel("ab", 2, 1), ModelFiles.read(conf, dir("empty")));
    }

    @Test
    void missingSuccessMarkerIsAnIncompleteModel() throws IOException {
        ModelFiles.write(conf, dir("m"), charModel("abc", 3, 1), false);
        Files.delete(tmp.resolve("m/_SUCCESS"));
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("m")));
        assertTrue(e.getMessage().startsWith("incomplete model: "), e.getMessage());
        assertTrue(e.getMessage().contains(tmp.resolve("m").toString()) && e.getMessage().contains("_SUCCESS"),
                e.getMessage());
    }

    @Test
    void missingDirectoryOrFileIsNamed() throws IOException {
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> ModelFiles.read(conf, dir("nope")));
        assertTrue(e.getMessage().contains("no model at") && e.getMessage().contains(dir("nope")), e.getMessage());

        ModelFiles.write(conf, dir("m"), charModel("abc", 3, 1), false);
        Files.delete(tmp.resolve("m/parameters.bin"));
        InvalidModelException p = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("m")));
        assertTrue(p.getMessage().contains("parameter file") && p.getMessage().contains("parameters.bin"), p.getMessage());

        Files.delete(tmp.resolve("m/metadata.json"));
        p = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("m")));
        assertTrue(p.getMessage().contains("has no metadata.json"), p.getMessage());

        InvalidModelException f = assertThrows(InvalidModelException.class,
                () -> ModelFiles.read(conf, tmp.resolve("m/_SUCCESS").toString()));
        assertTrue(f.getMessage().contains("is a file"), f.getMessage());
    }

    /** One flipped byte: the file system's own CRC sidecar notices first; without it, the model's checksum does. */
    @Test
    void flippedParameterByteFailsTheChecksumNamingTheFile() throws IOException {
        ModelFiles.write(conf, dir("m"), charModel("abcdef", 6, 4), false);
        java.nio.file.Path f = tmp.resolve("m/parameters.bin");
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length / 2] ^= 0x08;
        Files.write(f, bytes);

        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("m")));
        assertTrue(e.getMessage().startsWith("checksum mismatch: the file system's checksum of "), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());

        dropSidecar("m", "parameters.bin");
        e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("m")));
        assertTrue(e.getMessage().startsWith("checksum mismatch: "), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("CRC32C"), e.getMessage());
        assertTrue(e.path().toString().endsWith("m/parameters.bin"), e.path().toString());
    }

    /**
     * A flipped byte in the vocabulary, with Hadoop's .crc side file gone (a copy to an object store, cp dir/*):
     * the manifest in _SUCCESS catches it; a model written before manifests (empty _SUCCESS) still loads.
     */
    @Test
    void flippedMetadataByteFailsTheManifestWithoutSideFiles() throws IOException {
        ModelFiles.write(conf, dir("m"), charModel("ABCabc", 4, 2), false);
        dropSidecar("m", "metadata.json");
        java.nio.file.Path f = tmp.resolve("m/metadata.json");
        String json = Files.readString(f);
        int at = json.indexOf("\"A\"");
        assertTrue(at > 0, json);
        Files.writeString(f, json.substring(0, at + 1) + "@" + json.substring(at + 2));   // still valid JSON, same length
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("m")));
        assertTrue(e.getMessage().startsWith("checksum mismatch: ") && e.getMessage().contains(f.toString())
                && e.getMessage().contains("_SUCCESS"), e.getMessage());

        ModelFiles.write(conf, dir("old"), charModel("ABCabc", 4, 2), false);
        dropSidecar("old", "_SUCCESS");
        Files.write(tmp.resolve("old/_SUCCESS"), new byte[0]);
        assertEquals(charModel("ABCabc", 4, 2), ModelFiles.read(conf, dir("old")), "an empty marker: an older model");

        ModelFiles.write(conf, dir("bad"), charModel("ABCabc", 4, 2), false);
        dropSidecar("bad", "_SUCCESS");
        Files.writeString(tmp.resolve("bad/_SUCCESS"), "something else\n");
        InvalidModelException m = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("bad")));
        assertTrue(m.getMessage().contains("spark-rnn-manifest 1"), m.getMessage());
    }

    @Test
    void float32ModelStoresSinglesInFormat2AndReadsBackExactly() throws IOException {
        SavedModel f64 = charModel("to be or not", 6, 5);
        f64.params()[0] = Double.NaN;
        f64.params()[1] = -0.0;
        f64.params()[2] = Double.POSITIVE_INFINITY;
        f64.params()[3] = 1e-40;   // a float32 subnormal after rounding
        f64.params()[4] = 0.1;
        SavedModel m = SavedModel.rounded(f64.metadata(), f64.params(), Precision.FLOAT32);
        assertEquals(Precision.FLOAT32, m.storage());
        assertEquals((double) 0.1f, m.params()[4], "rounded to float32");
        assertEquals(0.1, f64.params()[4], "the caller's theta is not changed");
        ModelFiles.write(conf, dir("m"), m, false);

        int n = m.params().length;
        byte[] params = Files.readAllBytes(tmp.resolve("m/parameters.bin"));
        assertEquals(4L * n, params.length, "4 bytes a parameter");
        ByteBuffer b = ByteBuffer.wrap(params);   // big-endian singles, as numpy's ">f4" reads them
        for (int i = 0; i < n; i++) {
            float v = b.getFloat(4 * i);
            assertEquals(Double.doubleToLongBits(m.params()[i]), Double.doubleToLongBits(v), "parameter " + i);
        }
        JsonNode j = new ObjectMapper().readTree(tmp.resolve("m/metadata.json").toFile());
        assertEquals(2, j.get("format").intValue());
        assertEquals("float32", j.get("parameters").get("dtype").textValue());

        SavedModel back = ModelFiles.read(conf, dir("m"));
        assertEquals(m, back);
        assertEquals(Precision.FLOAT32, back.storage());
        assertArrayEquals(m.params(), back.params());

        ModelFiles.write(conf, dir("d"), f64, false);
        JsonNode d = new ObjectMapper().readTree(tmp.resolve("d/metadata.json").toFile());
        assertEquals(1, d.get("format").intValue(), "a float64 model stays in format 1, which older readers read");
        assertEquals("float64", d.get("parameters").get("dtype").textValue());
        assertEquals(8L * n, Files.size(tmp.resolve("d/parameters.bin")));
        assertEquals(Precision.FLOAT64, ModelFiles.read(conf, dir("d")).storage());
    }

    @Test
    void float32StorageNeedsFloat32ValuesAndFormat2() throws IOException {
        SavedModel f64 = charModel("abc", 3, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SavedModel(f64.metadata(), f64.params(), Precision.FLOAT32));
        assertTrue(e.getMessage().contains("is not a float32 value"), e.getMessage());

        ModelFiles.write(conf, dir("m"), SavedModel.rounded(f64.metadata(), f64.params(), Precision.FLOAT32), false);
        editMetadata("m", root -> root.put("format", 1));
        InvalidModelException old = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("m")));
        assertTrue(old.getMessage().contains("parameters.dtype") && old.getMessage().contains("needs format 2"),
                old.getMessage());

        ModelFiles.write(conf, dir("u"), f64, false);
        editMetadata("u", root -> ((ObjectNode) root.get("parameters")).put("dtype", "bfloat16"));
        InvalidModelException u = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("u")));
        assertTrue(u.getMessage().contains("\"bfloat16\" is not supported"), u.getMessage());

        // a float64 file relabelled float32 (or cut to half) has the wrong size for its count
        ModelFiles.write(conf, dir("s"), f64, false);
        editMetadata("s", root -> {
            root.put("format", 2);
            ((ObjectNode) root.get("parameters")).put("dtype", "float32");
        });
        InvalidModelException s = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("s")));
        assertTrue(s.getMessage().contains("wrong parameter count") && s.getMessage().contains("float32 parameters are "
                + 4L * f64.params().length + " bytes"), s.getMessage());

        ModelFiles.write(conf, dir("a"), f64, false);
        editMetadata("a", root -> ((ObjectNode) root.get("parameters")).remove("dtype"));
        assertEquals(f64, ModelFiles.read(conf, dir("a")), "no dtype: float64, as format 1 began");
    }

    @Test
    void newerFormatIsRefused() throws IOException {
        ModelFiles.write(conf, dir("m"), charModel("abc", 3, 1), false);
        editMetadata("m", root -> {
            root.put("format", 3);
            root.put("modelType", "something-new");   // the format is checked before anything else
            root.remove("shape");
        });
        NewerModelFormatException e = assertThrows(NewerModelFormatException.class,
                () -> ModelFiles.read(conf, dir("m")));
        assertTrue(e.getMessage().contains("written by a newer spark-rnn (format 3 > 2); upgrade"), e.getMessage());
        assertTrue(e.getMessage().contains(tmp.resolve("m").toString()), e.getMessage());
        assertEquals(3, e.version());
    }

    @Test
    void unknownModelTypeIsRefused() throws IOException {
        ModelFiles.write(conf, dir("m"), charModel("abc", 3, 1), false);
        editMetadata("m", root -> root.put("modelType", "lstm"));
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("m")));
        assertTrue(e.getMessage().contains("modelType = \"lstm\" is not a model type this spark-rnn knows"), e.getMessage());
        assertTrue(e.getMessage().contains("metadata.json"), e.getMessage());
    }

    @Test
    void wrongParameterCountIsRefused() throws IOException {
        ModelFiles.write(conf, dir("m"), charModel("abc", 3, 1), false);
        int n = charModel("abc", 3, 1).params().length;

        // the metadata announces another count than its shape has
        editMetadata("m", root -> ((ObjectNode) root.get("parameters")).put("count", n + 1));
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("m")));
        assertTrue(e.getMessage().startsWith("wrong parameter count: "), e.getMessage());
        assertTrue(e.getMessage().contains("says " + (n + 1) + " parameters") && e.getMessage().contains("has " + n),
                e.getMessage());

        // the shape changed (count and offsets still those of H = 3)
        editMetadata("m", root -> {
            ((ObjectNode) root.get("parameters")).put("count", n);
            ((ObjectNode) root.get("shape")).put("H", 4);
        });
        e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("m")));
        assertTrue(e.getMessage().startsWith("wrong parameter count: "), e.getMessage());

        // the parameter file is longer than the count
        editMetadata("m", root -> ((ObjectNode) root.get("shape")).put("H", 3));
        java.nio.file.Path f = tmp.resolve("m/parameters.bin");
        Files.write(f, new byte[8], java.nio.file.StandardOpenOption.APPEND);
        dropSidecar("m", "parameters.bin");
        unseal("m");
        e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("m")));
        assertTrue(e.getMessage().startsWith("wrong parameter count: ") && e.getMessage().contains(f.toString()),
                e.getMessage());
        assertTrue(e.getMessage().contains("has " + 8 * (n + 1) + " bytes"), e.getMessage());
    }

    @Test
    void inconsistentOrDamagedMetadataIsNamed() throws IOException {
        ModelFiles.write(conf, dir("m"), charModel("abc", 3, 1), false);
        editMetadata("m", root -> ((ObjectNode) root.get("shape")).put("head", "SOFTMAX"));
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("m")));
        assertTrue(e.getMessage().contains("field shape.head = \"SOFTMAX\" is not one of"), e.getMessage());

        editMetadata("m", root -> {
            ((ObjectNode) root.get("shape")).put("head", "SOFTMAX_CROSS_ENTROPY");
            root.putArray("vocabulary").add("a").add("b");
        });
        e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("m")));
        assertTrue(e.getMessage().contains("contradicts itself") && e.getMessage().contains("vocabulary of 2"),
                e.getMessage());

        editMetadata("m", root -> {
            root.putArray("vocabulary").add("a").add("b").add("c");
            ((ObjectNode) root.get("parameters").get("offsets")).put("V", 1);
        });
        e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("m")));
        assertTrue(e.getMessage().contains("field parameters.offsets"), e.getMessage());

        editMetadata("m", root -> {
            ((ObjectNode) root.get("parameters").get("offsets")).put("V", 9);
            ((ObjectNode) root.get("parameters")).put("file", "../../etc/passwd");
        });
        e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("m")));
        assertTrue(e.getMessage().contains("field parameters.file"), e.getMessage());

        byte[] good = Files.readAllBytes(tmp.resolve("m/metadata.json"));
        Files.writeString(tmp.resolve("m/metadata.json"), "{\"format\": 1, \"format\": 1}");
        dropSidecar("m", "metadata.json");
        unseal("m");
        e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("m")));
        assertTrue(e.getMessage().contains("is not valid JSON") && e.getMessage().contains("Duplicate field"),
                e.getMessage());

        Files.write(tmp.resolve("m/metadata.json"), java.util.Arrays.copyOf(good, good.length / 2));
        dropSidecar("m", "metadata.json");
        e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("m")));
        assertTrue(e.getMessage().contains("is not valid JSON") && e.getMessage().contains("metadata.json"),
                e.getMessage());
    }

    @Test
    void aFailedWriteLeavesNothing() {
        // A parent that is a file: the temporary directory cannot be created.
        assertThrows(IOException.class, () -> {
            Files.writeString(tmp.resolve("plain"), "x");
            ModelFiles.write(conf, dir("plain/m"), charModel("ab", 2, 1), false);
        });
        assertThrows(IllegalArgumentException.class, () -> ModelFiles.write(conf, dir("m"),
                new SavedModel(new ModelMetadata("lstm", charModel("ab", 2, 1).metadata().shape(), "t", Map.of(),
                        List.of(), List.of(), null, charModel("ab", 2, 1).metadata().provenance(), Map.of()),
                        new double[charModel("ab", 2, 1).params().length]), false));
        assertFalse(Files.exists(tmp.resolve("m")));
    }

    /** A file system without a FileContext binding (some object stores) is renamed through FileSystem. */
    @Test
    void writesWithoutAFileContextBinding() throws IOException {
        Configuration plain = new Configuration();
        plain.unset("fs.AbstractFileSystem.file.impl");
        assertThrows(org.apache.hadoop.fs.UnsupportedFileSystemException.class,
                () -> org.apache.hadoop.fs.FileContext.getFileContext(tmp.toUri(), plain));
        ModelFiles.write(plain, dir("m"), charModel("abc", 3, 1), false);
        assertThrows(FileAlreadyExistsException.class, () -> ModelFiles.write(plain, dir("m"), charModel("ab", 2, 1), false));
        ModelFiles.write(plain, dir("m"), charModel("ab", 2, 1), true);
        assertEquals(charModel("ab", 2, 1), ModelFiles.read(plain, dir("m")));
        assertEquals(List.of("m"), visibleNames(tmp));
    }

    @ParameterizedTest(name = "source one-hot={0} context fed={1}")
    @CsvSource({"true, true", "true, false", "false, true", "false, false"})
    void encoderDecoderRoundTrips(boolean oneHot, boolean feed) throws IOException {
        SavedModel m = encoderDecoder(oneHot, feed, 5);
        ModelFiles.write(conf, dir("ed"), m, false);
        SavedModel back = ModelFiles.read(conf, dir("ed"));
        assertEquals(m, back);
        EncoderDecoderLayout layout = EncoderDecoderLayout.of(oneHot ? 4 : 3, oneHot, 5, 8, feed);
        assertEquals(layout, back.encoderDecoderLayout());
        assertEquals(layout.size(), back.params().length);
        assertEquals(new ModelMetadata.Shape.Encoder(oneHot ? 4 : 3, oneHot, feed), back.metadata().shape().encoder());
        assertEquals(layout.decoder, back.layout());
        assertEquals("encoder-decoder", back.metadata().modelType());
        assertEquals(oneHot ? List.of("a", "b", "c", "\u00e9") : List.of(), back.sourceVocabulary());
        assertEquals(PHONEMES, back.metadata().vocabulary());
        assertEquals(List.of(), back.metadata().labels());

        java.nio.file.Path d = tmp.resolve("ed");
        JsonNode j = new ObjectMapper().readTree(d.resolve("metadata.json").toFile());
        assertEquals(1, j.get("format").intValue());
        assertEquals("encoder-decoder", j.get("modelType").textValue());
        JsonNode shape = j.get("shape");
        assertEquals(8, shape.get("D").intValue());
        assertEquals(8, shape.get("K").intValue());
        assertTrue(shape.get("oneHot").booleanValue());
        assertFalse(shape.has("bidirectional"));
        assertEquals(oneHot ? 4 : 3, shape.get("encoder").get("D").intValue());
        assertEquals(oneHot, shape.get("encoder").get("oneHot").booleanValue());
        assertEquals(feed, shape.get("encoder").get("feedContext").booleanValue());
        assertEquals(oneHot, j.has("sourceVocabulary"));
        JsonNode offsets = j.get("parameters").get("offsets");
        assertEquals(layout.size(), j.get("parameters").get("count").intValue());
        assertEquals(layout.decoder.offW(), offsets.get("W").intValue());   // within the decoder's block
        assertEquals(layout.decoderBase(), offsets.get("decoderBase").intValue());
        assertEquals(feed, offsets.has("C"));
        if (feed) assertEquals(layout.offC(), offsets.get("C").intValue());
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(d.resolve("parameters.bin")));
        assertEquals(8L * layout.size(), b.capacity());
        int w = layout.decoderBase() + layout.decoder.offW() + 2 + 3 * 8;   // W(2, 3) of the decoder
        assertEquals(m.params()[w], b.getDouble(8 * w));
    }

    @Test
    void denseSourceKeepsTheNormalizationOfItsFeatures() throws IOException {
        ModelMetadata plain = encoderDecoder(false, true, 4).metadata();
        Normalization n = new Normalization(new double[] {0.5, -2, 1e3},
                new double[] {1, 0.25, 1e-6});
        SavedModel m = new SavedModel(withNormalization(plain, n), encoderDecoder(false, true, 4).params());
        ModelFiles.write(conf, dir("vec"), m, false);
        SavedModel back = ModelFiles.read(conf, dir("vec"));
        assertEquals(m, back);
        assertEquals(n, back.metadata().normalization());
        JsonNode j = new ObjectMapper().readTree(tmp.resolve("vec/metadata.json").toFile());
        assertEquals(3, j.get("normalization").get("means").size());
        assertFalse(j.get("shape").get("encoder").get("oneHot").booleanValue());
        assertFalse(j.has("sourceVocabulary"));

        // one channel per feature of a dense source: not another count, not a one-hot source
        editMetadata("vec", root -> ((ObjectNode) root.get("normalization")).putArray("means").add(0.5).add(-2));
        editMetadata("vec", root -> ((ObjectNode) root.get("normalization")).putArray("stds").add(1).add(1));
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("vec")));
        assertTrue(e.getMessage().contains("contradicts itself") && e.getMessage().contains("normalization of 2 channels"),
                e.getMessage());
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                () -> withNormalization(encoderDecoder(true, true, 4).metadata(), new Normalization(
                        new double[4], new double[] {1, 1, 1, 1})));
        assertTrue(w.getMessage().contains("encoder D=4 (one-hot)"), w.getMessage());
    }

    static ModelMetadata withNormalization(ModelMetadata m, Normalization n) {
        return new ModelMetadata(m.modelType(), m.shape(), m.task(), m.configuration(), m.vocabulary(), m.labels(), n,
                m.provenance(), m.metrics(), m.sourceVocabulary());
    }

    @Test
    void singleModelsHaveNoEncoderFields() throws IOException {
        ModelFiles.write(conf, dir("m"), charModel("abc", 3, 1), false);
        JsonNode j = new ObjectMapper().readTree(tmp.resolve("m/metadata.json").toFile());
        assertFalse(j.get("shape").has("encoder"));
        assertFalse(j.has("sourceVocabulary"));
        assertFalse(j.get("parameters").get("offsets").has("decoderBase"));
        SavedModel back = ModelFiles.read(conf, dir("m"));
        assertNull(back.encoderDecoderLayout());
        assertEquals(List.of(), back.sourceVocabulary());
    }

    @Test
    void modelTypeMustMatchTheShape() throws IOException {
        SavedModel ed = encoderDecoder(true, true, 1);
        SavedModel rnn = charModel("abc", 3, 1);
        assertEquals("encoder-decoder", ModelFiles.modelTypeOf(ed.metadata().shape()));
        assertEquals("rnn", ModelFiles.modelTypeOf(rnn.metadata().shape()));
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> ModelFiles.write(conf, dir("x"),
                new SavedModel(withType(ed.metadata(), "rnn"), ed.params()), false));
        assertTrue(w.getMessage().contains("model type \"rnn\" does not match") && w.getMessage().contains("encoder D=4"),
                w.getMessage());
        w = assertThrows(IllegalArgumentException.class, () -> ModelFiles.write(conf, dir("x"),
                new SavedModel(withType(rnn.metadata(), "encoder-decoder"), rnn.params()), false));
        assertTrue(w.getMessage().contains("model type \"encoder-decoder\" does not match"), w.getMessage());
        assertFalse(Files.exists(tmp.resolve("x")));

        ModelFiles.write(conf, dir("ed"), ed, false);
        editMetadata("ed", root -> root.put("modelType", "rnn"));
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("ed")));
        assertTrue(e.getMessage().contains("field modelType = \"rnn\" does not match its shape"), e.getMessage());
        assertTrue(e.getMessage().contains("metadata.json"), e.getMessage());

        ModelFiles.write(conf, dir("m"), rnn, false);
        editMetadata("m", root -> root.put("modelType", "encoder-decoder"));
        e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("m")));
        assertTrue(e.getMessage().contains("field modelType = \"encoder-decoder\" does not match its shape"),
                e.getMessage());
    }

    static ModelMetadata withType(ModelMetadata m, String modelType) {
        return new ModelMetadata(modelType, m.shape(), m.task(), m.configuration(), m.vocabulary(), m.labels(),
                m.normalization(), m.provenance(), m.metrics(), m.sourceVocabulary());
    }

    @Test
    void inconsistentEncoderDecoderFilesAreRefused() throws IOException {
        ModelFiles.write(conf, dir("ed"), encoderDecoder(true, true, 2), false);
        byte[] good = Files.readAllBytes(tmp.resolve("ed/metadata.json"));

        // a source vocabulary of the wrong size
        editMetadata("ed", root -> root.putArray("sourceVocabulary").add("a").add("b"));
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("ed")));
        assertTrue(e.getMessage().contains("contradicts itself") && e.getMessage().contains("source vocabulary of 2"),
                e.getMessage());

        // an encoder and bidirectional
        restore("ed", good);
        editMetadata("ed", root -> ((ObjectNode) root.get("shape")).put("bidirectional", true));
        e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("ed")));
        assertTrue(e.getMessage().contains("contradicts itself") && e.getMessage().contains("not bidirectional"),
                e.getMessage());

        // the encoder's size changed: count and offsets are those of the old one
        restore("ed", good);
        editMetadata("ed", root -> {
            ((ObjectNode) root.get("shape").get("encoder")).put("D", 5);
            root.remove("sourceVocabulary");
        });
        e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("ed")));
        assertTrue(e.getMessage().startsWith("wrong parameter count: "), e.getMessage());

        // the decoder's block moved, or C is missing
        restore("ed", good);
        editMetadata("ed", root -> ((ObjectNode) root.get("parameters").get("offsets")).put("decoderBase", 0));
        e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("ed")));
        assertTrue(e.getMessage().contains("field parameters.offsets") && e.getMessage().contains("decoderBase=0"),
                e.getMessage());
        restore("ed", good);
        editMetadata("ed", root -> ((ObjectNode) root.get("parameters").get("offsets")).remove("C"));
        e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("ed")));
        assertTrue(e.getMessage().contains("field parameters.offsets"), e.getMessage());

        // a truncated parameter file
        restore("ed", good);
        assertEquals(encoderDecoder(true, true, 2), ModelFiles.read(conf, dir("ed")));
        java.nio.file.Path f = tmp.resolve("ed/parameters.bin");
        byte[] params = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(params, params.length - 8));
        dropSidecar("ed", "parameters.bin");
        e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("ed")));
        assertTrue(e.getMessage().startsWith("wrong parameter count: ") && e.getMessage().contains(f.toString()),
                e.getMessage());
        assertTrue(e.getMessage().contains("has " + (params.length - 8) + " bytes"), e.getMessage());

        // encoder fields in a single RNN's file
        ModelFiles.write(conf, dir("m"), charModel("abc", 3, 1), false);
        editMetadata("m", root -> root.putArray("sourceVocabulary").add("x"));
        e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("m")));
        assertTrue(e.getMessage().contains("contradicts itself") && e.getMessage().contains("has no encoder"),
                e.getMessage());
        editMetadata("m", root -> {
            root.remove("sourceVocabulary");
            ((ObjectNode) root.get("parameters").get("offsets")).put("decoderBase", 0);
        });
        e = assertThrows(InvalidModelException.class, () -> ModelFiles.read(conf, dir("m")));
        assertTrue(e.getMessage().contains("field parameters.offsets"), e.getMessage());
    }

    void restore(String model, byte[] metadata) throws IOException {
        Files.write(tmp.resolve(model).resolve(ModelFiles.METADATA), metadata);
        dropSidecar(model, ModelFiles.METADATA);
    }

    @Test
    void encoderDecoderMetadataRejectsWhatCannotBeRead() {
        ModelMetadata meta = encoderDecoder(true, false, 1).metadata();
        ModelMetadata.Shape shape = meta.shape();
        ModelMetadata.Shape.Encoder encoder = shape.encoder();
        // an encoder and bidirectional
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ModelMetadata.Shape(8, 5,
                8, true, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP, true, encoder));
        assertTrue(e.getMessage().contains("not bidirectional"), e.getMessage());
        // a decoder that does not read its own outputs, or emits something else than a token per step
        assertThrows(IllegalArgumentException.class, () -> new ModelMetadata.Shape(8, 5, 7, true,
                Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP, false, encoder));
        assertThrows(IllegalArgumentException.class, () -> new ModelMetadata.Shape(8, 5, 8, false,
                Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP, false, encoder));
        assertThrows(IllegalArgumentException.class, () -> new ModelMetadata.Shape(8, 5, 8, true,
                Head.SOFTMAX_CROSS_ENTROPY, TargetMode.LAST_STEP, false, encoder));
        assertThrows(IllegalArgumentException.class, () -> new ModelMetadata.Shape.Encoder(0, true, true));
        // no output layer is not a model (RnnLayout allows K = 0 for an encoder)
        assertThrows(IllegalArgumentException.class, () -> new ModelMetadata.Shape(3, 2, 0, false,
                Head.IDENTITY_SQUARED_ERROR, TargetMode.EVERY_STEP));
        // the source vocabulary: D tokens for a one-hot source, distinct; none for a dense source or without an encoder
        e = assertThrows(IllegalArgumentException.class, () -> new ModelMetadata("encoder-decoder", shape, "t",
                Map.of(), PHONEMES, List.of(), null, meta.provenance(), Map.of(), List.of("a", "b", "c")));
        assertTrue(e.getMessage().contains("source vocabulary of 3 tokens"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ModelMetadata("encoder-decoder", shape, "t", Map.of(),
                PHONEMES, List.of(), null, meta.provenance(), Map.of(), List.of("a", "b", "c", "a")));
        ModelMetadata.Shape dense = encoderDecoder(false, false, 1).metadata().shape();
        assertThrows(IllegalArgumentException.class, () -> new ModelMetadata("encoder-decoder", dense, "t", Map.of(),
                PHONEMES, List.of(), null, meta.provenance(), Map.of(), List.of("x", "y", "z")));
        assertThrows(IllegalArgumentException.class, () -> new ModelMetadata("rnn", charModel("abc", 3, 1).metadata()
                .shape(), "t", Map.of(), List.of(), List.of(), null, meta.provenance(), Map.of(), List.of("a")));
        // the outputs are the target vocabulary, which has <s> and </s>
        assertThrows(IllegalArgumentException.class, () -> new ModelMetadata("encoder-decoder", shape, "t", Map.of(),
                PHONEMES, PHONEMES, null, meta.provenance(), Map.of()));
        List<String> noEnd = List.of("<unk>", "<s>", "</S>", "AE", "B", "K", "T", "x");
        e = assertThrows(IllegalArgumentException.class, () -> new ModelMetadata("encoder-decoder", shape, "t",
                Map.of(), noEnd, List.of(), null, meta.provenance(), Map.of()));
        assertTrue(e.getMessage().contains("</s>"), e.getMessage());
        // without a target vocabulary (and with the old constructor: no source vocabulary) is fine
        assertEquals(List.of(), new ModelMetadata("encoder-decoder", shape, "t", Map.of(), List.of(), List.of(), null,
                meta.provenance(), Map.of()).sourceVocabulary());
        assertTrue(shape.toString().contains("encoder D=4 (one-hot)"), shape.toString());
        assertTrue(ModelMetadata.Shape.of(EncoderDecoderLayout.of(3, false, 2, 4, true)).toString()
                .contains("encoder D=3 (dense), context fed each step"));
    }

    @Test
    void metadataRejectsWhatCannotBeRead() {
        SavedModel m = charModel("abc", 3, 1);
        ModelMetadata meta = m.metadata();
        assertThrows(IllegalArgumentException.class, () -> new SavedModel(meta, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> new ModelMetadata("rnn", meta.shape(), "t", Map.of(),
                List.of("a", "a", "b"), List.of(), null, meta.provenance(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new ModelMetadata("rnn", meta.shape(), "t", Map.of(),
                List.of(), List.of("only one label"), null, meta.provenance(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new ModelMetadata("rnn", meta.shape(), "t", Map.of(),
                List.of(), List.of(), null, meta.provenance(), Map.of("x", new Object())));
        assertThrows(IllegalArgumentException.class,
                () -> new Normalization(new double[] {1}, new double[] {0}));
    }
}
