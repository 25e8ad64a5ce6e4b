package dev.sparkrnn.task;

import dev.sparkrnn.config.Settings;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Normalization;
import dev.sparkrnn.data.Vocabulary;
import dev.sparkrnn.data.WordTokenizer;
import dev.sparkrnn.ingest.BadInputPolicy;
import dev.sparkrnn.ingest.Checked;
import dev.sparkrnn.ingest.LabelSet;
import dev.sparkrnn.ingest.LabelledSentence;
import dev.sparkrnn.ingest.SentenceEncoder;
import dev.sparkrnn.ingest.SentenceFormat;
import dev.sparkrnn.ingest.SentenceReader;
import dev.sparkrnn.ingest.SentenceSpec;
import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import dev.sparkrnn.persist.SavedModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code classify} (many-to-one): a sentence -> a label. Sentences in the {@link SentenceFormat}s, tokenized by
 * {@link WordTokenizer}; word indices (unknown words {@code <unk>}) in, the label read after the last step.
 * {@code predict} writes {@code {"line":N,"text":...,"label":...,"probability":p}} per line.
 */
public final class ClassifyTask extends LabelledTask<LabelledSentence> {

    @Override
    public String name() {
        return "classify";
    }

    @Override
    public boolean wordInput() {
        return true;
    }

    @Override
    TargetMode mode() {
        return TargetMode.LAST_STEP;
    }

    /** The sentence format of {@code input.format} (and its columns): shared with conditional-lm. */
    static SentenceSpec sentenceSpec(Settings s) {
        SentenceFormat f = SentenceFormat.parse(s.choice("input.format", "tab", "csv", "json", "parquet"));
        return f == SentenceFormat.TAB ? SentenceSpec.tab()
                : new SentenceSpec(f, s.string("input.text.column"), s.string("input.label.column"));
    }

    @Override
    Checked<LabelledSentence> read(SparkSession spark, String path, Settings s, BadInputPolicy policy) {
        return SentenceReader.read(spark, path, sentenceSpec(s), policy);
    }

    @Override
    Encoder<LabelledSentence> fit(Checked<LabelledSentence> train, Settings s, TaskInput in) {
        return new Sentences(SentenceEncoder.fit(train, in.minCount(), in.maxVocabulary(), in.limit(), in.labels()));
    }

    @Override
    Encoder<LabelledSentence> encoder(SavedModel model, Settings s) {
        return new Sentences(new SentenceEncoder(Vocabulary.fromEntries(model.metadata().vocabulary(), true),
                Vocabulary.fromEntries(model.metadata().labels(), false), TaskInput.limit(s)));
    }

    private record Sentences(SentenceEncoder enc) implements Encoder<LabelledSentence> {
        @Override public Checked<EncodedSequence> encode(Checked<LabelledSentence> data) { return enc.encode(data); }
        @Override public RnnLayout layout(int hidden) { return new RnnLayout(enc.words().size(), hidden, enc.labels().size(), true); }
        @Override public List<String> vocabulary() { return enc.words().entries(); }
        @Override public List<String> labels() { return enc.labels().entries(); }
        @Override public LabelSet.Fitted labelFit() { return enc.labelFit(); }
        @Override public Normalization normalization() { return null; }

        @Override
        public String description() {
            return "vocabulary of " + enc.words().size() + " words, " + enc.labels().size() + " labels";
        }
    }

    @Override
    public long predict(JavaSparkContext sc, SavedModel model, String input, String out, Settings s) {
        return LinePredictions.write(sc, model, input, out, s.integer("train.batch"),
                s.integer("train.bptt"), Precision.of(s.choice("precision")), WordTokenizer::tokens, (line, text, tokens, labels, l) -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("line", line);
                    r.put("text", text);
                    r.put("label", labels.get(l.classes()[0]));
                    r.put("probability", l.probabilities()[0]);
                    return r;
                });
    }
}
