package dev.sparkrnn.task;

import dev.sparkrnn.config.ConfigException;
import dev.sparkrnn.config.Settings;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Vocabulary;
import dev.sparkrnn.infer.Decoder;
import dev.sparkrnn.ingest.BadInputException;
import dev.sparkrnn.ingest.BadInputPolicy;
import dev.sparkrnn.ingest.Checked;
import dev.sparkrnn.ingest.PairEncoder;
import dev.sparkrnn.ingest.PairFormat;
import dev.sparkrnn.ingest.PairReader;
import dev.sparkrnn.ingest.PairSpec;
import dev.sparkrnn.ingest.PairUnit;
import dev.sparkrnn.ingest.SequencePair;
import dev.sparkrnn.kernel.Decoded;
import dev.sparkrnn.kernel.EncoderDecoderLayout;
import dev.sparkrnn.kernel.EncoderDecoderNetwork;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.persist.ModelMetadata;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.train.DecodingErrors;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * {@code seq2seq} (many-to-many unaligned, an encoder–decoder): sequence pairs ({@code input.format} cmudict or
 * pairs), e.g. spelling to pronunciation or translation; two vocabularies, cut by {@code source.unit} /
 * {@code target.unit}. Alternates of one source (a word's pronunciations) stay on one side of the validation
 * split. Scored by the teacher-forced loss and by decoding each distinct validation source (beam
 * {@code decode.beam}, 1 = greedy): token and sequence error rates against the closest reference (for cmudict:
 * phoneme and word error rate). With {@code source.unit = vector} (one-to-many) the source is one vector of D
 * numbers, standardized per feature with the training part's mean and std (saved as the model's
 * normalization): a one-step dense source; {@code decode.examples} are then separated by ';'. The target
 * vocabulary starts {@code <unk>, <s>, </s>}; the decoder reads {@code <s> y} and learns {@code y </s>}.
 */
public final class Seq2SeqTask extends RecordTask<SequencePair> {

    @Override
    public String name() {
        return "seq2seq";
    }

    @Override
    Checked<SequencePair> read(SparkSession spark, String path, Settings s, BadInputPolicy policy) {
        return PairReader.read(spark, path, pairSpec(s), policy);
    }

    /** Alternates of one source (a word's pronunciations) stay on one side of the validation split. */
    @Override
    Function<SequencePair, String> group() {
        return SequencePair::group;
    }

    @Override
    Prepared prepare(Settings s, int partitions, TaskInput in, TaskInput.Split<SequencePair> split) {
        boolean feed = s.bool("model.feed.context");
        TaskInput.refuseBidirectional(s, "the seq2seq task trains an encoder-decoder");
        PairSpec spec = pairSpec(s);
        PairEncoder enc = PairEncoder.fit(split.train(), spec, in.minCount(), in.maxVocabulary(),
                s.number("normalize.std.floor"), in.limit());
        TaskInput.Encoded data = TaskInput.encode(split, enc::encode);
        boolean reverse = s.bool("source.reverse");
        boolean vector = enc.vectorSource();
        EncoderDecoderLayout layout = EncoderDecoderLayout.of(enc.sourceSize(), !vector, in.hidden(),
                enc.targetVocabulary().size(), feed);
        return Prepared.dealt(Network.encoderDecoder(layout), reversed(data.train(), reverse),
                data.validation() == null ? null : reversed(data.validation(), reverse),
                partitions, enc.targetVocabulary().entries(), List.of(), vector ? enc.normalization() : null,
                (vector ? "source vectors of " + enc.sourceSize() + " features"
                        : "source vocabulary of " + enc.sourceSize() + " " + unitName(spec.sourceUnit()))
                        + ", target vocabulary of " + enc.targetVocabulary().size() + " " + unitName(spec.targetUnit())
                        + (reverse && !vector ? ", source read backwards" : ""),
                vector ? List.of() : enc.sourceVocabulary().entries()).withInputFigures(data.figures());
    }

    private static String unitName(PairUnit u) {
        return switch (u) {
            case CHAR -> "characters";
            case WORD -> "words";
            case SPACE -> "tokens";
            case VECTOR -> "vectors";
        };
    }

    /** The pair format of a job's settings or of a saved model's ({@link Trained#settings}). */
    public static PairSpec pairSpec(Settings s) {
        if (PairFormat.parse(s.choice("input.format", "cmudict", "pairs")) == PairFormat.CMUDICT) return PairSpec.cmudict();
        return PairSpec.tab(PairUnit.parse(s.choice("source.unit")), PairUnit.parse(s.choice("target.unit")),
                s.bool("input.lowercase"));
    }

    private static JavaRDD<EncodedSequence> reversed(JavaRDD<EncodedSequence> data, boolean reverse) {
        return reverse ? data.map(EncodedSequence::withSourceReversed) : data;
    }

    @Override
    public Map<String, Object> score(JavaSparkContext sc, Network network, double[] theta, JavaRDD<EncodedSequence> data,
                                     Settings s) {
        Map<String, Object> m = Task.lossFigures(sc, network, theta, data, s);
        boolean g2p = s.string("input.format").equals("cmudict");
        m.putAll(DecodingErrors.of(sc, (EncoderDecoderNetwork) network, theta, data, s.integer("decode.beam"),
                        s.integer("decode.max.length"), Vocabulary.START_INDEX, Vocabulary.END_INDEX)
                .figures(g2p ? "phoneme_error_rate" : "token_error_rate", g2p ? "word_error_rate" : "sequence_error_rate"));
        return m;
    }

    @Override
    public JavaRDD<EncodedSequence> encodeForModel(JavaSparkContext sc, SavedModel model, String input, Settings s) {
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        BadInputPolicy policy = TaskInput.policy(s);
        try {
            PairEncoder enc = encoder(model, s);
            return reversed(enc.encode(PairReader.read(spark, input, enc.spec(), policy)).records(), readsBackwards(model));
        } catch (BadInputException e) {
            throw new InputDataException(e.getMessage(), e);
        }
    }

    /** True when the model's encoder reads a source backwards. */
    public static boolean readsBackwards(SavedModel model) {
        return Trained.settings(model).bool("source.reverse");
    }

    /**
     * A trained model's encoder of text (its vocabularies, or for a vector source its normalization, read as the
     * model was trained).
     */
    public static PairEncoder encoder(SavedModel model, Settings s) {
        ModelMetadata meta = model.metadata();
        PairSpec spec = pairSpec(Trained.settings(model));
        Vocabulary target = Vocabulary.fromEntries(meta.vocabulary(), true);
        if (spec.sourceUnit() != PairUnit.VECTOR) {
            return new PairEncoder(Vocabulary.fromEntries(meta.sourceVocabulary(), true), target, spec, TaskInput.limit(s));
        }
        if (meta.normalization() == null) {
            throw new ConfigException("the model was trained with source.unit = vector but has no normalization of"
                    + " its features");
        }
        return new PairEncoder(meta.normalization(), target, spec, TaskInput.limit(s));
    }

    /** Decodes source texts (cut, or standardized for a vector source, as the model was trained). */
    private record TextDecoder(PairEncoder enc, Decoder decoder) {
        Decoded decode(String text) {
            return decoder.decodeAll(List.of(source(text))).get(0);
        }

        /** The source as the decoder reads it: token indices, or a standardized vector. */
        Object source(String text) {
            return enc.vectorSource() ? enc.encodeVector(text) : enc.encodeSource(text);
        }
    }

    /** What the executors need to decode. */
    private record Decoding(EncoderDecoderNetwork network, double[] params, boolean reverse, int beam, int maxLength,
                            Precision precision) implements java.io.Serializable {
        static Decoding of(SavedModel model, Settings s) {
            return new Decoding((EncoderDecoderNetwork) model.network(), model.params(), readsBackwards(model),
                    s.integer("decode.beam"), s.integer("decode.max.length"), Precision.of(s.choice("precision")));
        }

        TextDecoder decoder(PairEncoder enc) {
            return new TextDecoder(enc, new Decoder(network, params, reverse, beam, maxLength, Decoder.BATCH, precision));
        }
    }

    @Override
    public void show(SavedModel model, Settings s, PrintStream out) {
        String examples = s.string("decode.examples");
        if (examples.isBlank()) return;
        out.println("---- decoded (beam " + s.string("decode.beam") + ") ----");
        PairEncoder enc = encoder(model, s);
        TextDecoder decoder = Decoding.of(model, s).decoder(enc);
        for (String text : examples.split(enc.vectorSource() ? ";" : ",")) {
            if (text.isBlank()) continue;
            out.println(text.strip() + "\t" + enc.decode(decoder.decode(text.strip()).tokens()));
        }
        out.println("----");
    }

    /**
     * Decodes each line of {@code input} (a source text, cut as the training data was, or a source vector) with
     * beam search ({@code decode.beam}, {@code decode.max.length}) on the executors, one decoder per partition;
     * writes {@code {"line":N,"source":...,"prediction":...,"log_probability":p}} per input line.
     */
    @Override
    public long predict(JavaSparkContext sc, SavedModel model, String input, String out, Settings s) {
        PairEncoder enc = encoder(model, s);
        Broadcast<Decoding> bc = sc.broadcast(Decoding.of(model, s));
        JavaRDD<String> lines = sc.textFile(input).zipWithIndex().mapPartitions(it -> {
            TextDecoder decoder = bc.value().decoder(enc);
            // a batch of lines at a time, in input order: the decodable ones decoded together
            return InBatches.map(it, Decoder.BATCH, (List<scala.Tuple2<String, Long>> batch) -> {
                List<Map<String, Object>> lineJson = new ArrayList<>(batch.size());
                List<Map<String, Object>> toDecode = new ArrayList<>();
                List<Object> sources = new ArrayList<>();
                for (scala.Tuple2<String, Long> line : batch) {
                    long n = line._2() + 1;
                    String text = line._1().strip();
                    if (n == 1 && text.startsWith("\uFEFF")) text = text.substring(1);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("line", n);
                    if (text.isEmpty()) {
                        m.put("empty", true);
                    } else {
                        m.put("source", text);
                        try {
                            sources.add(decoder.source(text));
                            toDecode.add(m);
                        } catch (IllegalArgumentException e) {
                            m.put("error", e.getMessage());
                        }
                    }
                    lineJson.add(m);
                }
                List<Decoded> decoded = sources.isEmpty() ? List.of() : decoder.decoder().decodeAll(sources);
                for (int k = 0; k < decoded.size(); k++) {
                    Decoded r = decoded.get(k);
                    Map<String, Object> d = toDecode.get(k);
                    d.put("prediction", enc.decode(r.tokens()));
                    d.put("log_probability", r.logProbability());
                    if (!r.finished()) d.put("cut_at_max_length", true);
                }
                List<String> result = new ArrayList<>(batch.size());
                for (Map<String, Object> m : lineJson) result.add(Json.object(m));
                return result;
            });
        });
        lines.saveAsTextFile(out);
        return sc.textFile(out).count();
    }

    @Override
    public String generate(SavedModel model, Settings s) {
        throw new ConfigException("generate needs a character language model or a conditional-lm model; this is a"
                + " 'seq2seq' model (use predict)");
    }
}
