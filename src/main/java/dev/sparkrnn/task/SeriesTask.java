package dev.sparkrnn.task;

import dev.sparkrnn.config.Settings;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Normalization;
import dev.sparkrnn.data.Vocabulary;
import dev.sparkrnn.ingest.BadInputPolicy;
import dev.sparkrnn.ingest.Checked;
import dev.sparkrnn.ingest.LabelSet;
import dev.sparkrnn.ingest.LabelledSeries;
import dev.sparkrnn.ingest.SeriesEncoder;
import dev.sparkrnn.ingest.SeriesFormat;
import dev.sparkrnn.ingest.SeriesReader;
import dev.sparkrnn.ingest.SeriesSpec;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import dev.sparkrnn.persist.SavedModel;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * {@code series} (many-to-one, dense input): a numeric series of D channels -> a label ({@code .ts} or CSV);
 * each channel standardized with the training part's mean and std (kept in the model).
 */
public final class SeriesTask extends LabelledTask<LabelledSeries> {

    @Override
    public String name() {
        return "series";
    }

    @Override
    TargetMode mode() {
        return TargetMode.LAST_STEP;
    }

    @Override
    Checked<LabelledSeries> read(SparkSession spark, String path, Settings s, BadInputPolicy policy) {
        SeriesFormat f = SeriesFormat.parse(s.choice("input.format", "ts", "series-csv"));
        return SeriesReader.read(spark, path, f == SeriesFormat.TS ? SeriesSpec.ts() : SeriesSpec.csv(), policy);
    }

    @Override
    Encoder<LabelledSeries> fit(Checked<LabelledSeries> train, Settings s, TaskInput in) {
        return new Series(SeriesEncoder.fit(train, s.number("normalize.std.floor"), in.limit(), in.labels()));
    }

    @Override
    Encoder<LabelledSeries> encoder(SavedModel model, Settings s) {
        return new Series(new SeriesEncoder(Vocabulary.fromEntries(model.metadata().labels(), false),
                model.metadata().normalization(), TaskInput.limit(s)));
    }

    private record Series(SeriesEncoder enc) implements Encoder<LabelledSeries> {
        @Override public Checked<EncodedSequence> encode(Checked<LabelledSeries> data) { return enc.encode(data); }
        @Override public RnnLayout layout(int hidden) { return new RnnLayout(enc.channels(), hidden, enc.labels().size(), false); }
        @Override public List<String> vocabulary() { return List.of(); }
        @Override public List<String> labels() { return enc.labels().entries(); }
        @Override public LabelSet.Fitted labelFit() { return enc.labelFit(); }
        @Override public Normalization normalization() { return enc.normalization(); }

        @Override
        public String description() {
            return enc.channels() + " channels, " + enc.labels().size() + " labels";
        }
    }
}
