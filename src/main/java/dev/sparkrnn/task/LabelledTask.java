package dev.sparkrnn.task;

import dev.sparkrnn.config.Settings;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Normalization;
import dev.sparkrnn.ingest.BadInputException;
import dev.sparkrnn.ingest.BadInputPolicy;
import dev.sparkrnn.ingest.Checked;
import dev.sparkrnn.ingest.LabelSet;
import dev.sparkrnn.ingest.Located;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.train.Confusion;
import dev.sparkrnn.train.DistributedTrainer;
import dev.sparkrnn.train.TrainerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * What the labelled tasks (classify, tag, series) share: they read records of type {@code R} under the
 * bad-input policy, hold out a validation split (or read {@code validation}), fit the vocabulary / labels /
 * normalization on the training part only, train a single or bidirectional RNN with a softmax over the
 * labels, and are scored by accuracy and macro-F1 besides the loss.
 */
public abstract class LabelledTask<R extends Located> extends RecordTask<R> {

    /** An encoder of records, fitted on the training part or rebuilt from a model, and what the model keeps of it. */
    interface Encoder<R> {
        Checked<EncodedSequence> encode(Checked<R> data);

        /** D, the input size, and K, the number of labels. */
        RnnLayout layout(int hidden);

        List<String> vocabulary();

        List<String> labels();

        /** Dense input's normalization, else null. */
        Normalization normalization();

        /** What the training part said about the labels. */
        LabelSet.Fitted labelFit();

        String description();
    }

    /** The encoder fitted on the training part. */
    abstract Encoder<R> fit(Checked<R> train, Settings s, TaskInput in);

    /** The encoder of a trained model (its vocabulary, labels and normalization). */
    abstract Encoder<R> encoder(SavedModel model, Settings s);

    /** Where the targets are: one label per sequence (LAST_STEP) or per step (EVERY_STEP). */
    abstract TargetMode mode();

    @Override
    Prepared prepare(Settings s, int partitions, TaskInput in, TaskInput.Split<R> split) {
        Encoder<R> enc = fit(split.train(), s, in);
        Map<String, Object> figures = TaskInput.labelFigures(enc.labelFit());
        RnnLayout layout = enc.layout(in.hidden());
        Network network = s.bool("model.bidirectional") ? Network.bidirectional(layout, Head.SOFTMAX_CROSS_ENTROPY, mode())
                : Network.rnn(layout, Head.SOFTMAX_CROSS_ENTROPY, mode());
        TaskInput.Encoded data = TaskInput.encode(split, enc::encode);
        figures.putAll(data.figures());
        return Prepared.dealt(network, data.train(), data.validation(), partitions, enc.vocabulary(), enc.labels(),
                enc.normalization(), enc.description(), List.of()).withInputFigures(figures);
    }

    @Override
    public Map<String, Object> score(JavaSparkContext sc, Network network, double[] theta, JavaRDD<EncodedSequence> data,
                                     Settings s) {
        TrainerConfig config = TrainerConfig.of(s, null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", new DistributedTrainer(sc, network, config).evaluate(data, theta));
        m.putAll(figures(Confusion.of(sc, network, theta, data, config.batchSize(), config.window())));
        return m;
    }

    /** The figures of the confusion counts: accuracy, macro-F1 and the per-class figures. */
    Map<String, Object> figures(Confusion c) {
        return c.figures();
    }

    @Override
    public JavaRDD<EncodedSequence> encodeForModel(JavaSparkContext sc, SavedModel model, String input, Settings s) {
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        BadInputPolicy policy = TaskInput.policy(s);
        try {
            return encoder(model, s).encode(read(spark, input, s, policy)).records();
        } catch (BadInputException e) {
            throw new InputDataException(e.getMessage(), e);
        }
    }
}
