package dev.sparkrnn.task;

import dev.sparkrnn.config.Settings;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Normalization;
import dev.sparkrnn.data.Vocabulary;
import dev.sparkrnn.ingest.BadInputPolicy;
import dev.sparkrnn.ingest.Checked;
import dev.sparkrnn.ingest.LabelSet;
import dev.sparkrnn.ingest.TagEncoder;
import dev.sparkrnn.ingest.TagFormat;
import dev.sparkrnn.ingest.TagReader;
import dev.sparkrnn.ingest.TagSpec;
import dev.sparkrnn.ingest.TaggedSentence;
import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.train.Confusion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code tag} (many-to-many aligned): a tag per token of a sentence (CoNLL-U or CoNLL); scored by tag
 * accuracy and macro-F1. {@code predict} reads one sentence per line, tokens separated by white space
 * (lowercased when the model was trained so), and writes {@code {"line":N,"tokens":[...],"tags":[...]}}.
 */
public final class TagTask extends LabelledTask<TaggedSentence> {

    @Override
    public String name() {
        return "tag";
    }

    @Override
    public boolean wordInput() {
        return true;
    }

    @Override
    TargetMode mode() {
        return TargetMode.EVERY_STEP;
    }

    static TagSpec tagSpec(Settings s) {
        TagFormat f = TagFormat.parse(s.choice("input.format", "conllu", "conll"));
        int token = s.integer("input.token.column");
        int tag = s.integer("input.tag.column");
        TagSpec base = f == TagFormat.CONLLU ? TagSpec.conllu() : TagSpec.conll();
        return new TagSpec(f, token == 0 ? base.tokenColumn() : token, tag == 0 ? base.tagColumn() : tag,
                s.bool("input.lowercase"), f == TagFormat.CONLLU ? TagSpec.CONLLU_COLUMNS : s.integer("input.columns"));
    }

    @Override
    Checked<TaggedSentence> read(SparkSession spark, String path, Settings s, BadInputPolicy policy) {
        return TagReader.read(spark, path, tagSpec(s), policy);
    }

    @Override
    Encoder<TaggedSentence> fit(Checked<TaggedSentence> train, Settings s, TaskInput in) {
        return new Tags(TagEncoder.fit(train, in.minCount(), in.maxVocabulary(), in.limit(), in.labels()));
    }

    @Override
    Encoder<TaggedSentence> encoder(SavedModel model, Settings s) {
        return new Tags(new TagEncoder(Vocabulary.fromEntries(model.metadata().vocabulary(), true),
                Vocabulary.fromEntries(model.metadata().labels(), false), TaskInput.limit(s)));
    }

    private record Tags(TagEncoder enc) implements Encoder<TaggedSentence> {
        @Override public Checked<EncodedSequence> encode(Checked<TaggedSentence> data) { return enc.encode(data); }
        @Override public RnnLayout layout(int hidden) { return new RnnLayout(enc.words().size(), hidden, enc.tags().size(), true); }
        @Override public List<String> vocabulary() { return enc.words().entries(); }
        @Override public List<String> labels() { return enc.tags().entries(); }
        @Override public LabelSet.Fitted labelFit() { return enc.labelFit(); }
        @Override public Normalization normalization() { return null; }

        @Override
        public String description() {
            return "vocabulary of " + enc.words().size() + " words, " + enc.tags().size() + " tags";
        }
    }

    @Override
    Map<String, Object> figures(Confusion c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tag_accuracy", c.accuracy());
        m.put("tags", c.total());
        m.put("macro_f1", c.macroF1());
        if (c.unknownTargets > 0) {
            m.put("unknown_word_tag_accuracy", c.unknownWordAccuracy());
            m.put("unknown_word_share", (double) c.unknownTargets / c.total());
        }
        return m;
    }

    @Override
    public long predict(JavaSparkContext sc, SavedModel model, String input, String out, Settings s) {
        boolean lowercase = Trained.settings(model).bool("input.lowercase");
        return LinePredictions.write(sc, model, input, out, s.integer("train.batch"),
                s.integer("train.bptt"), Precision.of(s.choice("precision")), line -> whitespace(line, lowercase), (line, text, tokens, labels, l) -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("line", line);
                    r.put("tokens", tokens);
                    List<String> tags = new ArrayList<>();
                    for (int c : l.classes()) tags.add(labels.get(c));
                    r.put("tags", tags);
                    return r;
                });
    }

    /** Tokens separated by white space, lowercased when asked. */
    static List<String> whitespace(String line, boolean lowercase) {
        List<String> out = new ArrayList<>();
        for (String t : line.trim().split("\\s+")) {
            if (!t.isEmpty()) out.add(lowercase ? t.toLowerCase(Locale.ROOT) : t);
        }
        return out;
    }
}
