package dev.sparkrnn.bench;

import dev.sparkrnn.app.Sessions;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.ingest.TextCorpus;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import dev.sparkrnn.train.DistributedTrainer;
import dev.sparkrnn.train.TrainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Which update cadence learns fastest per wall-clock second: the same character model (H and sequence
 * length as given) trained for the same time budget with full-batch updates and with mini-batch updates
 * of several sizes, then scored on a held-out 10% of the text. Prints and appends one JSON line per
 * cadence.
 *
 * <p>Arguments: input, output JSON file, seconds per run, hidden size, sequence length, then cadences as
 * {@code optimizer:lr:slices} (e.g. {@code adam:0.003:1 adam:0.003:25}).
 */
public final class ConvergenceBench {
    public static void main(String[] args) throws IOException {
        String input = args[0];
        Path out = Path.of(args[1]);
        double seconds = Double.parseDouble(args[2]);
        int hidden = Integer.parseInt(args[3]);
        int length = Integer.parseInt(args[4]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        SparkConf conf = Sessions.conf("local[*]", "spark-rnn convergence").set("spark.ui.enabled", "false");
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            TextCorpus corpus = TextCorpus.read(sc, input, 40, dev.sparkrnn.ingest.BadInputPolicy.FAIL);
            JavaRDD<EncodedSequence> train = DistributedTrainer.prepare(corpus.sequences(length, 0.1, 1, false),
                    sc.defaultParallelism());
            JavaRDD<EncodedSequence> validation = corpus.sequences(length, 0.1, 1, true).cache();
            long trainSteps = train.map(r -> (long) r.length).reduce(Long::sum);
            int v = corpus.vocabulary().size();
            Network spec = Network.rnn(new RnnLayout(v, hidden, v, true), Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP);
            for (int i = 5; i < args.length; i++) {
                String[] c = args[i].split(":");
                int slices = Integer.parseInt(c[2]);
                TrainerConfig config = TrainerConfig.builder().epochs(1_000_000).slices(slices).batchSize(32)
                        .window(length).optimizer(c[0]).learningRate(Double.parseDouble(c[1])).clipNorm(5).seed(1)
                        .maxSeconds(seconds).build();
                DistributedTrainer trainer = new DistributedTrainer(sc, spec, config);
                long t0 = System.nanoTime();
                DistributedTrainer.Result r = trainer.train(train, null, null);
                double elapsed = (System.nanoTime() - t0) / 1e9;
                double val = trainer.evaluate(validation, r.theta());
                String json = String.format(Locale.ROOT,
                        "{\"bench\":\"convergence\",\"optimizer\":\"%s\",\"lr\":%s,\"updates_per_epoch\":%d,"
                                + "\"steps_per_update\":%d,\"seconds\":%.1f,\"updates\":%d,\"epochs\":%.2f,"
                                + "\"validation_bits_per_char\":%.4f,\"H\":%d,\"length\":%d}",
                        c[0], c[1], slices, trainSteps / slices, elapsed, r.updates(), (double) r.updates() / slices,
                        val / Math.log(2), hidden, length);
                System.out.println(json);
                Files.writeString(out, json + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } finally {
            spark.stop();
        }
    }
}
