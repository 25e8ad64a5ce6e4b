package dev.sparkrnn.persist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkrnn.kernel.EncoderDecoderLayout;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;

/** {@code metadata.json} of a model directory, to and from {@link ModelMetadata}: the field names of format 1. */
final class MetadataJson {
    /** Pure ASCII output (every other character escaped), one key per line, '\n' line ends on every OS. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final DefaultPrettyPrinter PRETTY =
            new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));

    private MetadataJson() {
    }

    /**
     * The {@code parameters} section: how to find and check the parameter file.
     *
     * @param offsets by name, in file order: where U, V, W, b_h and b_o start in each {@link RnnLayout} block
     *                ({@link #BLOCK_OFFSETS}); for an encoder–decoder also where the decoder's block starts
     *                ({@value #DECODER_BASE}) and, when the context is fed each step, C ({@value #C})
     * @param dtype   how each value is stored, a {@link dev.sparkrnn.kernel.Precision#setting()}: float64 (8
     *                bytes, and what a file without the field holds) or float32 (4 bytes, format 2)
     */
    record Parameters(String file, long count, Map<String, Long> offsets, String byteOrder, String matrixOrder,
                      String checksumAlgorithm, String checksum, String dtype) {
        static final String[] BLOCK_OFFSETS = {"U", "V", "W", "b_h", "b_o"};
        static final String DECODER_BASE = "decoderBase";
        static final String C = "C";

        Parameters {
            offsets = Collections.unmodifiableMap(new LinkedHashMap<>(offsets));
        }

        /** The offsets of a model of this shape: those of its {@code layout()}, then the encoder–decoder's. */
        static Map<String, Long> offsetsOf(ModelMetadata.Shape shape) {
            RnnLayout l = shape.layout();
            long[] block = {l.offU(), l.offV(), l.offW(), l.offBh(), l.offBo()};
            Map<String, Long> offsets = new LinkedHashMap<>();
            for (int i = 0; i < BLOCK_OFFSETS.length; i++) offsets.put(BLOCK_OFFSETS[i], block[i]);
            EncoderDecoderLayout ed = shape.encoderDecoderLayout();
            if (ed != null) {
                offsets.put(DECODER_BASE, (long) ed.decoderBase());
                if (ed.feedContext) offsets.put(C, (long) ed.offC());
            }
            return offsets;
        }
    }

    static byte[] encode(int format, ModelMetadata m, Parameters p) throws JsonProcessingException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", format);
        root.put("modelType", m.modelType());
        ModelMetadata.Shape s = m.shape();
        ObjectNode shape = root.putObject("shape");
        shape.put("D", s.inputSize());
        shape.put("H", s.hiddenSize());
        shape.put("K", s.outputSize());
        shape.put("oneHot", s.oneHotInput());
        shape.put("head", s.head().name());
        shape.put("targetMode", s.targetMode().name());
        if (s.bidirectional()) shape.put("bidirectional", true);   // absent: unidirectional (as format 1 began)
        if (s.encoder() != null) {   // absent: no encoder
            ObjectNode encoder = shape.putObject("encoder");
            encoder.put("D", s.encoder().inputSize());
            encoder.put("oneHot", s.encoder().oneHotInput());
            encoder.put("feedContext", s.encoder().feedContext());
        }
        root.put("task", m.task());
        ObjectNode configuration = root.putObject("configuration");
        new TreeMap<>(m.configuration()).forEach(configuration::put);
        ArrayNode vocabulary = root.putArray("vocabulary");
        m.vocabulary().forEach(vocabulary::add);
        ArrayNode labels = root.putArray("labels");
        m.labels().forEach(labels::add);
        if (!m.sourceVocabulary().isEmpty()) {   // absent: none
            ArrayNode source = root.putArray("sourceVocabulary");
            m.sourceVocabulary().forEach(source::add);
        }
        if (m.normalization() != null) {
            ObjectNode n = root.putObject("normalization");
            ArrayNode means = n.putArray("means");
            Arrays.stream(m.normalization().mean()).forEach(means::add);
            ArrayNode stds = n.putArray("stds");
            Arrays.stream(m.normalization().std()).forEach(stds::add);
        }
        ModelMetadata.Provenance pr = m.provenance();
        ObjectNode provenance = root.putObject("provenance");
        provenance.put("input", pr.input());
        provenance.put("seed", pr.seed());
        provenance.put("sparkVersion", pr.sparkVersion());
        provenance.put("projectVersion", pr.projectVersion());
        provenance.put("created", DateTimeFormatter.ISO_INSTANT.format(pr.created()));
        if (pr.host() != null) provenance.put("host", pr.host());
        if (pr.user() != null) provenance.put("user", pr.user());
        ObjectNode metrics = root.putObject("metrics");
        new TreeMap<>(m.metrics()).forEach((k, v) -> {
            if (v instanceof Long l) {
                metrics.put(k, l);
            } else if (v instanceof Double d) {
                metrics.put(k, d);
            } else {
                metrics.put(k, (String) v);
            }
        });
        ObjectNode parameters = root.putObject("parameters");
        parameters.put("file", p.file());
        parameters.put("count", p.count());
        ObjectNode offsets = parameters.putObject("offsets");
        p.offsets().forEach(offsets::put);
        parameters.put("byteOrder", p.byteOrder());
        parameters.put("matrixOrder", p.matrixOrder());
        parameters.put("dtype", p.dtype());
        ObjectNode checksum = parameters.putObject("checksum");
        checksum.put("algorithm", p.checksumAlgorithm());
        checksum.put("value", p.checksum());
        String text = MAPPER.writer(PRETTY).writeValueAsString(root) + "\n";
        return text.getBytes(StandardCharsets.US_ASCII);   // ASCII by ESCAPE_NON_ASCII
    }

    /** Parses the file's bytes; every later problem becomes an {@link InvalidModelException} naming the file. */
    static JsonFields parse(Path file, byte[] bytes) throws IOException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new InvalidModelException(file, "invalid model: " + file + " is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        return JsonFields.of(tree, "field ", "its content",
                problem -> new InvalidModelException(file, "invalid model: " + file + ": " + problem));
    }

    /** Everything but {@code format} and {@code parameters}. */
    static ModelMetadata metadata(JsonFields root) throws IOException {
        String modelType = root.text("modelType");
        JsonFields s = root.object("shape");
        int d = s.intValue("D", 1, Integer.MAX_VALUE);
        int h = s.intValue("H", 1, Integer.MAX_VALUE);
        int k = s.intValue("K", 1, Integer.MAX_VALUE);
        boolean oneHot = s.booleanValue("oneHot");
        Head head = enumValue(s, "head", Head.class);
        TargetMode targetMode = enumValue(s, "targetMode", TargetMode.class);
        boolean bidirectional = s.has("bidirectional") && s.booleanValue("bidirectional");
        ModelMetadata.Shape.Encoder encoder = null;
        if (s.has("encoder")) {
            JsonFields e = s.object("encoder");
            encoder = new ModelMetadata.Shape.Encoder(e.intValue("D", 1, Integer.MAX_VALUE), e.booleanValue("oneHot"),
                    e.booleanValue("feedContext"));
        }
        String task = root.text("task");
        Map<String, String> configuration = root.textMap("configuration");
        List<String> vocabulary = root.textList("vocabulary");
        List<String> labels = root.textList("labels");
        List<String> sourceVocabulary = root.has("sourceVocabulary") ? root.textList("sourceVocabulary") : List.of();
        double[] means = null;
        double[] stds = null;
        if (root.has("normalization")) {
            JsonFields n = root.object("normalization");
            means = n.doubles("means");
            stds = n.doubles("stds");
        }
        JsonFields p = root.object("provenance");
        String input = p.text("input");
        long seed = p.longValue("seed");
        String sparkVersion = p.text("sparkVersion");
        String projectVersion = p.text("projectVersion");
        Instant created;
        try {
            created = Instant.parse(p.text("created"));
        } catch (DateTimeParseException e) {
            throw p.fail("created", "= \"" + p.text("created") + "\" is not an ISO-8601 instant");
        }
        String host = p.optionalText("host");
        String user = p.optionalText("user");
        Map<String, Object> metrics = root.scalarMap("metrics");
        try {
            ModelMetadata.Shape shape =
                    new ModelMetadata.Shape(d, h, k, oneHot, head, targetMode, bidirectional, encoder);
            return new ModelMetadata(modelType, shape, task, configuration, vocabulary, labels,
                    means == null ? null : new dev.sparkrnn.data.Normalization(means, stds),
                    new ModelMetadata.Provenance(input, seed, sparkVersion, projectVersion, created, host, user),
                    metrics, sourceVocabulary);
        } catch (IllegalArgumentException e) {
            throw root.fail("the metadata contradicts itself: " + e.getMessage());
        }
    }

    static Parameters parameters(JsonFields root) throws IOException {
        JsonFields p = root.object("parameters");
        JsonFields o = p.object("offsets");
        Map<String, Long> offsets = new LinkedHashMap<>();
        for (String name : Parameters.BLOCK_OFFSETS) offsets.put(name, o.longValue(name));
        for (String name : new String[] {Parameters.DECODER_BASE, Parameters.C}) {
            if (o.has(name)) offsets.put(name, o.longValue(name));   // absent: not an encoder–decoder, no C
        }
        JsonFields c = p.object("checksum");
        return new Parameters(p.text("file"), p.longValue("count"), offsets, p.text("byteOrder"),
                p.text("matrixOrder"), c.text("algorithm"), c.text("value"),
                p.has("dtype") ? p.text("dtype") : Precision.FLOAT64.setting());   // absent: float64, as format 1 began
    }

    private static <E extends Enum<E>> E enumValue(JsonFields f, String name, Class<E> type) throws IOException {
        String v = f.text(name);
        Map<String, E> known = new LinkedHashMap<>();
        for (E e : type.getEnumConstants()) known.put(e.name(), e);
        E e = known.get(v);
        if (e == null) throw f.fail(name, "= \"" + v + "\" is not one of " + known.keySet());
        return e;
    }
}
