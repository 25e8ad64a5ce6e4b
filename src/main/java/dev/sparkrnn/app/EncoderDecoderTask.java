package dev.sparkrnn.app;

import dev.sparkrnn.config.ConfigException;
import dev.sparkrnn.config.Settings;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Normalization;
import dev.sparkrnn.data.Vocabulary;
import dev.sparkrnn.ingest.BadInputException;
import dev.sparkrnn.ingest.BadInputPolicy;
import dev.sparkrnn.ingest.Checked;
import dev.sparkrnn.ingest.HoldOut;
import dev.sparkrnn.ingest.LabelledSentence;
import dev.sparkrnn.ingest.PairEncoder;
import dev.sparkrnn.ingest.PairFormat;
import dev.sparkrnn.ingest.PairReader;
import dev.sparkrnn.ingest.PairSpec;
import dev.sparkrnn.ingest.PairUnit;
import dev.sparkrnn.ingest.SentenceEncoder;
import dev.sparkrnn.ingest.SentenceReader;
import dev.sparkrnn.ingest.SequencePair;
import dev.sparkrnn.kernel.Blas;
import dev.sparkrnn.kernel.EncoderDecoderKernel;
import dev.sparkrnn.kernel.EncoderDecoderLayout;
import dev.sparkrnn.kernel.SequenceDecoder;
import dev.sparkrnn.persist.ModelMetadata;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.train.DecodingErrors;
import dev.sparkrnn.train.DistributedTrainer;
import dev.sparkrnn.train.ModelSpec;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The encoder–decoder tasks.
 * <ul>
 * <li>{@code seq2seq} (many-to-many unaligned): sequence pairs ({@code input.format} cmudict or pairs), e.g.
 * spelling to pronunciation or translation; two vocabularies, cut by {@code source.unit} / {@code target.unit}.
 * Alternates of one source (a word's pronunciations) stay on one side of the validation split. Scored by the
 * teacher-forced loss and by decoding each distinct validation source (beam {@code decode.beam}, 1 = greedy):
 * token and sequence error rates against the closest reference (for cmudict: phoneme and word error rate).
 * With {@code source.unit = vector} (one-to-many) the source is one vector of D numbers, standardized per
 * feature with the training part's mean and std (saved as the model's normalization): a one-step dense
 * source, so tanh(U_e x + b_e) starts the decoder and, with {@code model.feed.context}, is fed to every step
 * as C c; {@code decode.examples} are then separated by ';'.</li>
 * <li>{@code conditional-lm} (one-to-many): labelled sentences (the classify formats); the label is a source of
 * one step, so the encoder's state tanh(U_e x_label + b_e) starts the decoder and, with
 * {@code model.feed.context}, is also fed to every step. Scored by the validation perplexity of the sentences
 * under their true label and under the other labels (for two labels: the opposite one), and by the share of
 * sentences that are more likely under their true label than under every other.</li>
 * </ul>
 * The target vocabulary starts {@code <unk>, <s>, </s>}; the decoder reads {@code <s> y} and learns {@code y </s>}.
 */
final class EncoderDecoderTask implements Task {
    static final int START = 1, END = 2;
    private final String name;

    EncoderDecoderTask(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Prepared prepare(JavaSparkContext sc, Settings s, int partitions) {
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        BadInputPolicy policy = BadInputPolicy.parse(s.choice("input.bad", "fail", "skip"));
        String input = s.required("input");
        String validationPath = s.optional("validation");
        double fraction = validationPath == null ? s.number("validation.fraction", 0, 0.5) : 0;
        long seed = s.longValue("seed");
        int hidden = s.integer("hidden", 1, 1 << 14);
        boolean feed = s.bool("model.feed.context");
        if (s.bool("model.bidirectional")) {
            throw new ConfigException("model.bidirectional: the " + name + " task trains an encoder-decoder; "
                    + "a bidirectional model applies to classify, tag and series");
        }
        long minCount = s.longValue("vocab.min.count");
        int maxSize = s.integer("vocab.max.size", 2, 1 << 24);
        try {
            if (name.equals("seq2seq")) {
                PairSpec spec = pairSpec(s);
                Checked<SequencePair> all = PairReader.read(spark, input, spec, policy);
                Checked<SequencePair> train = validationPath != null || fraction == 0 ? all
                        : HoldOut.partByGroup(all, SequencePair::group, fraction, seed, false);
                Checked<SequencePair> val = validationPath != null ? PairReader.read(spark, validationPath, spec, policy)
                        : fraction > 0 ? HoldOut.partByGroup(all, SequencePair::group, fraction, seed, true) : null;
                PairEncoder enc = PairEncoder.fit(train, spec, minCount, maxSize, s.number("normalize.std.floor", 0, 1e9),
                        SupervisedTask.limit(s));
                Checked<EncodedSequence> encoded = enc.encode(train);
                SupervisedTask.report("training data", encoded);
                boolean reverse = s.bool("source.reverse");
                boolean vector = enc.vectorSource();
                EncoderDecoderLayout layout = EncoderDecoderLayout.of(enc.sourceSize(), !vector, hidden,
                        enc.targetVocabulary().size(), feed);
                Normalization n = enc.normalization();
                return prepared(layout, reversed(SupervisedTask.records(encoded), reverse),
                        val == null ? null : reversed(SupervisedTask.records(enc.encode(val)), reverse), partitions,
                        enc.targetVocabulary().entries(), vector ? List.of() : enc.sourceVocabulary().entries(),
                        vector ? n : null,
                        (vector ? "source vectors of " + enc.sourceSize() + " features"
                                : "source vocabulary of " + enc.sourceSize() + " " + unitName(spec.sourceUnit()))
                                + ", target vocabulary of " + enc.targetVocabulary().size() + " " + unitName(spec.targetUnit())
                                + (reverse && !vector ? ", source read backwards" : ""));
            }
            Checked<LabelledSentence> all = SentenceReader.read(spark, input, SupervisedTask.sentenceSpec(s), policy);
            Checked<LabelledSentence> train = SupervisedTask.part(all, validationPath, fraction, seed, false);
            Checked<LabelledSentence> val = validationPath != null
                    ? SentenceReader.read(spark, validationPath, SupervisedTask.sentenceSpec(s), policy)
                    : fraction > 0 ? SupervisedTask.part(all, null, fraction, seed, true) : null;
            SentenceEncoder enc = SentenceEncoder.fit(train, minCount, maxSize, SupervisedTask.limit(s));
            SupervisedTask.report("training data", train);
            List<String> target = new ArrayList<>(List.of(Vocabulary.UNKNOWN, Vocabulary.START, Vocabulary.END));
            target.addAll(enc.words().entries().subList(1, enc.words().size()));
            EncoderDecoderLayout layout = EncoderDecoderLayout.of(enc.labels().size(), true, hidden, target.size(), feed);
            return prepared(layout, conditioned(SupervisedTask.records(enc.encode(train))),
                    val == null ? null : conditioned(SupervisedTask.records(enc.encode(val))), partitions, target, enc.labels().entries(),
                    null, enc.labels().size() + " labels, target vocabulary of " + target.size() + " words");
        } catch (BadInputException ex) {
            throw new InputDataException(ex.getMessage(), ex);
        }
    }

    private static Prepared prepared(EncoderDecoderLayout layout, JavaRDD<EncodedSequence> train,
                                     JavaRDD<EncodedSequence> validation, int partitions, List<String> target,
                                     List<String> source, Normalization normalization,
                                     String description) {
        return new Prepared(ModelSpec.encoderDecoder(layout), DistributedTrainer.prepare(train, partitions),
                validation == null ? null : DistributedTrainer.prepare(validation, partitions), target, List.of(),
                normalization, description, source);
    }

    private static String unitName(PairUnit u) {
        return switch (u) {
            case CHAR -> "characters";
            case WORD -> "words";
            case SPACE -> "tokens";
            case VECTOR -> "vectors";
        };
    }

    static PairSpec pairSpec(Map<String, String> conf) {
        PairFormat f = PairFormat.parse(conf.getOrDefault("input.format", "pairs").equals("pairs") ? "tab" : conf.get("input.format"));
        if (f == PairFormat.CMUDICT) return PairSpec.cmudict();
        return PairSpec.tab(unit(conf.getOrDefault("source.unit", "char")), unit(conf.getOrDefault("target.unit", "char")),
                Boolean.parseBoolean(conf.getOrDefault("input.lowercase", "false")));
    }

    private static PairSpec pairSpec(Settings s) {
        s.choice("input.format", "cmudict", "pairs");
        s.choice("source.unit", "char", "word", "space", "vector");
        s.choice("target.unit", "char", "word", "space");
        return pairSpec(s.asMap());
    }

    private static PairUnit unit(String u) {
        return PairUnit.valueOf(u.toUpperCase(Locale.ROOT));
    }

    private static JavaRDD<EncodedSequence> reversed(JavaRDD<EncodedSequence> data, boolean reverse) {
        return reverse ? data.map(EncodedSequence::withSourceReversed) : data;
    }

    /**
     * Labelled sentences as pairs: the label is the one-step source, the sentence the target (word index i of
     * the sentence vocabulary is i + 2 in the target vocabulary, after {@code <s>} and {@code </s>}; 0 stays
     * {@code <unk>}).
     */
    private static JavaRDD<EncodedSequence> conditioned(JavaRDD<EncodedSequence> classified) {
        return classified.map(r -> {
            int[] words = new int[r.length];
            for (int t = 0; t < r.length; t++) words[t] = r.tokens[t] == 0 ? 0 : r.tokens[t] + 2;
            return EncodedSequence.pair(r.id, new int[] {r.classes[r.classes.length - 1]}, words, START, END);
        });
    }

    /** Each pair with the same sentence under each other label. */
    private static JavaRDD<scala.Tuple2<EncodedSequence, List<EncodedSequence>>> otherLabels(JavaRDD<EncodedSequence> data,
                                                                                           int labels) {
        return data.map(r -> {
            List<EncodedSequence> out = new ArrayList<>(labels - 1);
            for (int l = 0; l < labels; l++) {
                if (l != r.sourceTokens[0]) {
                    out.add(new EncodedSequence(r.id, r.tokens, null, r.length, r.classes, null, new int[] {l}, null, 1));
                }
            }
            return new scala.Tuple2<>(r, out);
        });
    }

    @Override
    public Map<String, Object> score(JavaSparkContext sc, ModelSpec spec, double[] theta, JavaRDD<EncodedSequence> data,
                                     Settings s) {
        DistributedTrainer trainer = new DistributedTrainer(sc, spec, TrainCommand.trainerConfig(s, null));
        double loss = trainer.evaluate(data, theta);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", loss);
        m.put("perplexity", Math.exp(loss));
        if (name.equals("seq2seq")) {
            boolean g2p = s.string("input.format").equals("cmudict");
            m.putAll(DecodingErrors.of(sc, spec, theta, data, s.integer("decode.beam", 1, 64),
                    s.integer("decode.max.length", 1, 1 << 16), START, END)
                    .figures(g2p ? "phoneme_error_rate" : "token_error_rate", g2p ? "word_error_rate" : "sequence_error_rate"));
        } else {
            int labels = spec.encoderDecoder().encoder.inputSize;
            m.put("perplexity_true_label", Math.exp(loss));
            if (labels > 1) {
                JavaRDD<scala.Tuple2<EncodedSequence, List<EncodedSequence>>> items = otherLabels(data, labels).cache();
                m.put(labels == 2 ? "perplexity_opposite_label" : "perplexity_other_labels",
                        Math.exp(trainer.evaluate(items.flatMap(i -> i._2().iterator()), theta)));
                long[] preferred = trainer.preferred(items, theta);
                m.put("share_more_likely_under_true_label", (double) preferred[0] / preferred[1]);
                items.unpersist();
            }
        }
        return m;
    }

    @Override
    public JavaRDD<EncodedSequence> encodeForModel(JavaSparkContext sc, SavedModel model, String input, Settings s) {
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        BadInputPolicy policy = BadInputPolicy.parse(s.choice("input.bad", "fail", "skip"));
        Map<String, String> conf = model.metadata().configuration();
        try {
            if (name.equals("seq2seq")) {
                PairEncoder enc = encoder(model, s);
                return reversed(SupervisedTask.records(enc.encode(PairReader.read(spark, input, enc.spec(), policy))),
                        Boolean.parseBoolean(conf.getOrDefault("source.reverse", "false")));
            }
            List<String> target = model.metadata().vocabulary();
            List<String> words = new ArrayList<>(List.of(Vocabulary.UNKNOWN));
            words.addAll(target.subList(3, target.size()));
            SentenceEncoder enc = new SentenceEncoder(Vocabulary.fromEntries(words, true),
                    Vocabulary.fromEntries(model.metadata().sourceVocabulary(), false), SupervisedTask.limit(s));
            return conditioned(SupervisedTask.records(enc.encode(SentenceReader.read(spark, input, SupervisedTask.sentenceSpec(s), policy))));
        } catch (BadInputException e) {
            throw new InputDataException(e.getMessage(), e);
        }
    }

    /**
     * A trained seq2seq model's encoder of text (its vocabularies, or for a vector source its normalization,
     * read as the model was trained).
     */
    static PairEncoder encoder(SavedModel model, Settings s) {
        ModelMetadata meta = model.metadata();
        PairSpec spec = pairSpec(meta.configuration());
        Vocabulary target = Vocabulary.fromEntries(meta.vocabulary(), true);
        if (spec.sourceUnit() != PairUnit.VECTOR) {
            return new PairEncoder(Vocabulary.fromEntries(meta.sourceVocabulary(), true), target, spec, SupervisedTask.limit(s));
        }
        if (meta.normalization() == null) {
            throw new ConfigException("the model was trained with source.unit = vector but has no normalization of"
                    + " its features");
        }
        return new PairEncoder(meta.normalization(), target, spec,
                SupervisedTask.limit(s));
    }

    @Override
    public void show(SavedModel model, Settings s, PrintStream out) {
        if (name.equals("seq2seq")) {
            String examples = s.string("decode.examples");
            if (examples.isBlank()) return;
            out.println("---- decoded (beam " + s.string("decode.beam") + ") ----");
            PairEncoder enc = encoder(model, s);
            Decoding decoding = decoding(model, enc, s);
            for (String text : examples.split(enc.vectorSource() ? ";" : ",")) {
                if (text.isBlank()) continue;
                out.println(text.strip() + "\t" + enc.decode(decoding.decode(text.strip()).tokens()));
            }
        } else {
            out.println("---- sampled (temperature " + s.string("generate.temperature") + ") ----");
            out.print(generate(model, s));
        }
        out.println("----");
    }

    /** What the executors need of a model to decode. */
    record Model(EncoderDecoderLayout layout, double[] params) implements java.io.Serializable {
        static Model of(SavedModel m) {
            return new Model(m.encoderDecoderLayout(), m.params());
        }
    }

    /**
     * Beam search (width 1: greedy) for source texts, cut and ordered as the model was trained (a vector
     * source: its features standardized, one step); one decoder for all of them.
     */
    static final class Decoding {
        private final Model model;
        private final PairEncoder enc;
        private final boolean reverse;
        private final int beam;
        private final int max;
        private SequenceDecoder decoder;

        Decoding(Model model, PairEncoder enc, boolean reverse, int beam, int max) {
            this.model = model;
            this.enc = enc;
            this.reverse = reverse;
            this.beam = beam;
            this.max = max;
        }

        SequenceDecoder.Result decode(String text) {
            double[] vector = enc.vectorSource() ? enc.encodeVector(text) : null;
            int[] source = vector == null ? enc.encodeSource(text) : null;
            int length = vector == null ? source.length : 1;
            if (decoder == null) {
                decoder = new SequenceDecoder(new EncoderDecoderKernel(model.layout(), Blas.best()), model.params(), beam, 64);
            }
            var b = decoder.source();
            int q = b.addSequence(length);
            if (vector != null) {
                b.setFeatures(q, 0, vector, 0);
            } else {
                for (int t = 0; t < length; t++) b.setToken(q, t, source[reverse ? length - 1 - t : t]);
            }
            return decoder.decode(START, END, beam, max);
        }
    }

    static Decoding decoding(SavedModel model, PairEncoder enc, Settings s) {
        return new Decoding(Model.of(model), enc,
                Boolean.parseBoolean(model.metadata().configuration().getOrDefault("source.reverse", "false")),
                s.integer("decode.beam", 1, 64), s.integer("decode.max.length", 1, 1 << 16));
    }

    /**
     * Decodes each line of {@code input} (a source text, cut as the training data was, or a source vector) with
     * beam search ({@code decode.beam}, {@code decode.max.length}) on the executors; writes one JSON line per
     * input line to {@code out}. Returns the number of lines written.
     */
    static long predict(JavaSparkContext sc, SavedModel model, String input, String out, Settings s) {
        PairEncoder enc = encoder(model, s);
        Decoding proto = decoding(model, enc, s);
        org.apache.spark.broadcast.Broadcast<Model> bc = sc.broadcast(Model.of(model));
        boolean reverse = proto.reverse;
        int beam = proto.beam, max = proto.max;
        JavaRDD<String> lines = sc.textFile(input).zipWithIndex().mapPartitions(it -> {
            Decoding decoding = new Decoding(bc.value(), enc, reverse, beam, max);
            List<String> result = new ArrayList<>();
            while (it.hasNext()) {
                scala.Tuple2<String, Long> line = it.next();
                long n = line._2() + 1;
                String text = line._1().strip();
                if (n == 1 && text.startsWith("\uFEFF")) text = text.substring(1);
                if (text.isEmpty()) {
                    result.add(Json.object(Map.of("line", n, "empty", true)));
                    continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("line", n);
                m.put("source", text);
                try {
                    SequenceDecoder.Result r = decoding.decode(text);
                    m.put("prediction", enc.decode(r.tokens()));
                    m.put("log_probability", r.logProbability());
                    if (!r.finished()) m.put("cut_at_max_length", true);
                } catch (IllegalArgumentException e) {
                    m.put("error", e.getMessage());
                }
                result.add(Json.object(m));
            }
            return result.iterator();
        });
        lines.saveAsTextFile(out);
        return sc.textFile(out).count();
    }

    /**
     * Sentences sampled from a conditional-lm model: for {@code generate.label} (empty: each label in turn),
     * {@code generate.count} sentences of at most {@code generate.length} words, after the words of
     * {@code generate.prime}, at {@code generate.temperature} among the top {@code generate.topk}, seeded.
     */
    static String generate(SavedModel model, Settings s) {
        List<String> labels = model.metadata().sourceVocabulary();
        List<String> target = model.metadata().vocabulary();
        Vocabulary words = Vocabulary.fromEntries(target, true);
        String wanted = s.string("generate.label");
        if (!wanted.isEmpty() && !labels.contains(wanted)) {
            throw new ConfigException("generate.label = '" + wanted + "' is not one of the model's labels " + labels);
        }
        List<String> primeWords = dev.sparkrnn.data.WordTokenizer.tokens(s.string("generate.prime"));
        int[] prime = words.encode(primeWords);
        SequenceDecoder d = new SequenceDecoder(new EncoderDecoderKernel(model.encoderDecoderLayout(), Blas.best()), model.params(), 1, 1);
        StringBuilder out = new StringBuilder();
        long seed = s.longValue("generate.seed");
        int count = s.integer("generate.count", 1, 1 << 16);
        for (int l = 0; l < labels.size(); l++) {
            if (!wanted.isEmpty() && !labels.get(l).equals(wanted)) continue;
            for (int i = 0; i < count; i++) {
                var b = d.source();
                b.setToken(b.addSequence(1), 0, l);
                SequenceDecoder.Result r = d.sample(START, END, prime, s.integer("generate.length", 1, 1 << 24),
                        s.number("generate.temperature", 1e-6, 100), s.integer("generate.topk", 0, target.size()),
                        seed + 1000L * l + i);
                List<String> text = new ArrayList<>();
                for (int y : r.tokens()) text.add(target.get(y));
                out.append(labels.get(l)).append('\t').append(String.join(" ", text)).append('\n');
            }
        }
        return out.toString();
    }
}
