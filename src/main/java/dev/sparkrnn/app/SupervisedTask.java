package dev.sparkrnn.app;

import dev.sparkrnn.config.Settings;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Normalization;
import dev.sparkrnn.data.Vocabulary;
import dev.sparkrnn.ingest.BadInputException;
import dev.sparkrnn.ingest.BadInputPolicy;
import dev.sparkrnn.ingest.BadInputReport;
import dev.sparkrnn.ingest.Checked;
import dev.sparkrnn.ingest.HoldOut;
import dev.sparkrnn.ingest.LabelledSentence;
import dev.sparkrnn.ingest.LabelledSeries;
import dev.sparkrnn.ingest.LengthLimit;
import dev.sparkrnn.ingest.Located;
import dev.sparkrnn.ingest.SentenceEncoder;
import dev.sparkrnn.ingest.SentenceFormat;
import dev.sparkrnn.ingest.SentenceReader;
import dev.sparkrnn.ingest.SentenceSpec;
import dev.sparkrnn.ingest.SeriesEncoder;
import dev.sparkrnn.ingest.SeriesFormat;
import dev.sparkrnn.ingest.SeriesReader;
import dev.sparkrnn.ingest.SeriesSpec;
import dev.sparkrnn.ingest.TagEncoder;
import dev.sparkrnn.ingest.TagFormat;
import dev.sparkrnn.ingest.TagReader;
import dev.sparkrnn.ingest.TagSpec;
import dev.sparkrnn.ingest.TaggedSentence;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import dev.sparkrnn.persist.ModelMetadata;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.train.Confusion;
import dev.sparkrnn.train.DistributedTrainer;
import dev.sparkrnn.train.ModelSpec;
import dev.sparkrnn.train.TrainerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The labelled tasks: {@code classify} (a sentence -> a label: many-to-one), {@code tag} (a tag per token:
 * many-to-many aligned) and {@code series} (a numeric series -> a label). They read with the ingest
 * readers under the bad-input policy, hold out a validation split (or read {@code validation}), build the
 * vocabulary / labels / normalization on the training part only, and are scored by accuracy and macro-F1
 * (per-tag accuracy for tagging) besides the loss.
 */
final class SupervisedTask implements Task {
    private final String name;

    SupervisedTask(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    /** Encoded train and validation parts, and what the model must remember to read new data. */
    private record Encoded(JavaRDD<EncodedSequence> train, JavaRDD<EncodedSequence> validation, List<String> vocabulary,
                           List<String> labels, Normalization normalization, RnnLayout layout,
                           String description) { }

    @Override
    public Prepared prepare(JavaSparkContext sc, Settings s, int partitions) {
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        BadInputPolicy policy = BadInputPolicy.parse(s.choice("input.bad", "fail", "skip"));
        String input = s.required("input");
        String validationPath = s.optional("validation");
        double fraction = validationPath == null ? s.number("validation.fraction", 0, 0.5) : 0;
        long seed = s.longValue("seed");
        LengthLimit limit = limit(s);
        int hidden = s.integer("hidden", 1, 1 << 14);
        Encoded e;
        try {
            e = switch (name) {
                case "classify" -> {
                    SentenceSpec spec = sentenceSpec(s);
                    Checked<LabelledSentence> all = SentenceReader.read(spark, input, spec, policy);
                    Checked<LabelledSentence> train = part(all, validationPath, fraction, seed, false);
                    Checked<LabelledSentence> val = validationPath != null ? SentenceReader.read(spark, validationPath, spec, policy)
                            : fraction > 0 ? part(all, null, fraction, seed, true) : null;
                    SentenceEncoder enc = SentenceEncoder.fit(train, s.longValue("vocab.min.count"),
                            s.integer("vocab.max.size", 2, 1 << 24), limit);
                    report("training data", train);
                    yield new Encoded(records(enc.encode(train)), val == null ? null : records(enc.encode(val)),
                            enc.words().entries(), enc.labels().entries(), null,
                            new RnnLayout(enc.words().size(), hidden, enc.labels().size(), true),
                            "vocabulary of " + enc.words().size() + " words, " + enc.labels().size() + " labels");
                }
                case "tag" -> {
                    TagSpec spec = tagSpec(s);
                    Checked<TaggedSentence> all = TagReader.read(spark, input, spec, policy);
                    Checked<TaggedSentence> train = part(all, validationPath, fraction, seed, false);
                    Checked<TaggedSentence> val = validationPath != null ? TagReader.read(spark, validationPath, spec, policy)
                            : fraction > 0 ? part(all, null, fraction, seed, true) : null;
                    TagEncoder enc = TagEncoder.fit(train, s.longValue("vocab.min.count"),
                            s.integer("vocab.max.size", 2, 1 << 24), limit);
                    report("training data", train);
                    yield new Encoded(records(enc.encode(train)), val == null ? null : records(enc.encode(val)),
                            enc.words().entries(), enc.tags().entries(), null,
                            new RnnLayout(enc.words().size(), hidden, enc.tags().size(), true),
                            "vocabulary of " + enc.words().size() + " words, " + enc.tags().size() + " tags");
                }
                case "series" -> {
                    SeriesSpec spec = seriesSpec(s);
                    Checked<LabelledSeries> all = SeriesReader.read(spark, input, spec, policy);
                    Checked<LabelledSeries> train = part(all, validationPath, fraction, seed, false);
                    Checked<LabelledSeries> val = validationPath != null ? SeriesReader.read(spark, validationPath, spec, policy)
                            : fraction > 0 ? part(all, null, fraction, seed, true) : null;
                    SeriesEncoder enc = SeriesEncoder.fit(train, s.number("normalize.std.floor", 0, 1e9), limit);
                    report("training data", train);
                    Normalization n = enc.normalization();
                    yield new Encoded(records(enc.encode(train)), val == null ? null : records(enc.encode(val)),
                            List.of(), enc.labels().entries(), n,
                            new RnnLayout(enc.channels(), hidden, enc.labels().size(), false),
                            enc.channels() + " channels, " + enc.labels().size() + " labels");
                }
                default -> throw new IllegalStateException(name);
            };
        } catch (BadInputException ex) {
            throw new InputDataException(ex.getMessage(), ex);
        }
        TargetMode mode = name.equals("tag") ? TargetMode.EVERY_STEP : TargetMode.LAST_STEP;
        ModelSpec spec = new ModelSpec(e.layout(), Head.SOFTMAX_CROSS_ENTROPY, mode, s.bool("model.bidirectional"));
        JavaRDD<EncodedSequence> train = DistributedTrainer.prepare(e.train(), partitions);
        JavaRDD<EncodedSequence> validation = e.validation() == null ? null
                : DistributedTrainer.prepare(e.validation(), partitions);   // sorted by length: even batches, all cores
        return new Prepared(spec, train, validation, e.vocabulary(), e.labels(), e.normalization(), e.description());
    }

    static <T extends Located> Checked<T> part(Checked<T> all, String validationPath, double fraction, long seed,
                                                       boolean validation) {
        return validationPath != null || fraction == 0 ? all : HoldOut.part(all, fraction, seed, validation);
    }

    static JavaRDD<EncodedSequence> records(Checked<EncodedSequence> c) {
        try {
            return c.records();
        } catch (BadInputException e) {
            throw new InputDataException(e.getMessage(), e);
        }
    }

    /** Under the skip policy: what was skipped, on standard output. */
    static void report(String what, Checked<?> data) {
        if (data.policy() != BadInputPolicy.SKIP) return;
        BadInputReport r = data.report(5);
        if (!r.isEmpty()) System.out.println("skipped in " + what + ": " + r);
    }

    static LengthLimit limit(Settings s) {
        int max = s.integer("max.length", 0, 1 << 24);
        return max == 0 ? LengthLimit.none()
                : new LengthLimit(max, LengthLimit.Overflow.parse(s.choice("max.length.overflow", "split", "truncate")));
    }

    static SentenceSpec sentenceSpec(Settings s) {
        SentenceFormat f = SentenceFormat.parse(s.choice("input.format", "tab", "csv", "json", "parquet"));
        return f == SentenceFormat.TAB ? SentenceSpec.tab()
                : new SentenceSpec(f, s.string("input.text.column"), s.string("input.label.column"));
    }

    static TagSpec tagSpec(Settings s) {
        TagFormat f = TagFormat.parse(s.choice("input.format", "conllu", "conll"));
        int token = s.integer("input.token.column", 0, 64);
        int tag = s.integer("input.tag.column", 0, 64);
        TagSpec base = f == TagFormat.CONLLU ? TagSpec.conllu() : TagSpec.conll();
        return new TagSpec(f, token == 0 ? base.tokenColumn() : token, tag == 0 ? base.tagColumn() : tag,
                s.bool("input.lowercase"));
    }

    static SeriesSpec seriesSpec(Settings s) {
        SeriesFormat f = SeriesFormat.parse(s.choice("input.format", "ts", "series-csv"));
        return f == SeriesFormat.TS ? SeriesSpec.ts() : SeriesSpec.csv();
    }

    @Override
    public Map<String, Object> score(JavaSparkContext sc, ModelSpec spec, double[] theta, JavaRDD<EncodedSequence> data,
                                     Settings s) {
        TrainerConfig config = TrainCommand.trainerConfig(s, null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", new DistributedTrainer(sc, spec, config).evaluate(data, theta));
        Confusion c = Confusion.of(sc, spec, theta, data, config.batchSize(), config.window());
        if (name.equals("tag")) {
            m.put("tag_accuracy", c.accuracy());
            m.put("tags", c.total());
            m.put("macro_f1", c.macroF1());
        } else {
            m.putAll(c.figures());
        }
        return m;
    }

    @Override
    public JavaRDD<EncodedSequence> encodeForModel(JavaSparkContext sc, SavedModel model, String input, Settings s) {
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        BadInputPolicy policy = BadInputPolicy.parse(s.choice("input.bad", "fail", "skip"));
        ModelMetadata meta = model.metadata();
        Vocabulary labels = Vocabulary.fromEntries(meta.labels(), false);
        LengthLimit limit = limit(s);
        try {
            return switch (name) {
                case "classify" -> records(new SentenceEncoder(Vocabulary.fromEntries(meta.vocabulary(), true), labels, limit)
                        .encode(SentenceReader.read(spark, input, sentenceSpec(s), policy)));
                case "tag" -> records(new TagEncoder(Vocabulary.fromEntries(meta.vocabulary(), true), labels, limit)
                        .encode(TagReader.read(spark, input, tagSpec(s), policy)));
                case "series" -> records(new SeriesEncoder(labels, meta.normalization(), limit).encode(SeriesReader.read(spark, input, seriesSpec(s), policy)));
                default -> throw new IllegalStateException(name);
            };
        } catch (BadInputException e) {
            throw new InputDataException(e.getMessage(), e);
        }
    }
}
