package dev.sparkrnn.bench;

import dev.sparkrnn.app.Sessions;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.ingest.TextCorpus;
import dev.sparkrnn.kernel.Blas;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import dev.sparkrnn.train.DistributedTrainer;
import dev.sparkrnn.train.TrainerConfig;
import dev.sparkrnn.train.UpdateMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Epoch time and training throughput of the distributed trainer on a character corpus (H = 256, sequences
 * of 50, Adagrad, clip 5: the model of PyTorch's DDP peer), for each master given (e.g. local[1] then
 * local[2]); the first epoch warms up and is not counted. Prints a JSON line per master and one with the
 * speed-up, and appends them to the output file.
 *
 * <p>Arguments: input, output JSON file, epochs (counted, after one warm-up epoch), updates per epoch,
 * precision (float64 or float32), masters...
 */
public final class SparkBench {
    public static void main(String[] args) throws IOException {
        String input = args[0];
        Path out = Path.of(args[1]);
        int epochs = Integer.parseInt(args[2]);
        int slices = Integer.parseInt(args[3]);
        Precision precision = Precision.of(args[4]);
        List<String> masters = List.of(args).subList(5, args.length);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.deleteIfExists(out);
        double first = 0;
        for (String master : masters) {
            double rate = run(input, master, epochs, slices, precision, out);
            if (first == 0) {
                first = rate;
            } else {
                emit(out, String.format(Locale.ROOT, "{\"bench\":\"spark\",\"dtype\":\"%s\",\"speedup\":%.3f,\"of\":\"%s\",\"over\":\"%s\"}",
                        precision.setting(), rate / first, master, masters.get(0)));
            }
        }
    }

    static double run(String input, String master, int epochs, int slices, Precision precision, Path out) throws IOException {
        SparkConf conf = Sessions.conf(master, "spark-rnn bench " + master).set("spark.master", master)
                .set("spark.ui.enabled", "false");
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            int cores = sc.defaultParallelism();
            TextCorpus corpus = TextCorpus.read(sc, input, 40, dev.sparkrnn.ingest.BadInputPolicy.FAIL);
            JavaRDD<EncodedSequence> data = DistributedTrainer.prepare(corpus.sequences(50, 0, 1, false), cores);
            long sequences = data.count();
            int v = corpus.vocabulary().size();
            Network spec = Network.rnn(new RnnLayout(v, 256, v, true), Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP);
            TrainerConfig config = TrainerConfig.builder().epochs(epochs + 1).slices(slices).batchSize(32).window(50)
                    .optimizer("adagrad").learningRate(0.1).clipNorm(5).seed(1).precision(precision).build();
            List<UpdateMetrics> history = new DistributedTrainer(sc, spec, config).train(data, null, null).history();
            List<UpdateMetrics> timed = history.subList(slices, history.size());   // skip the warm-up epoch
            double seconds = timed.stream().mapToDouble(UpdateMetrics::seconds).sum();
            double kernel = timed.stream().mapToDouble(UpdateMetrics::kernelSeconds).sum();
            long steps = timed.stream().mapToLong(UpdateMetrics::steps).sum();
            double rate = steps / seconds;
            emit(out, String.format(Locale.ROOT,
                    "{\"bench\":\"spark\",\"master\":\"%s\",\"partitions\":%d,\"H\":256,\"length\":50,\"batch\":32,"
                            + "\"sequences\":%d,\"updates_per_epoch\":%d,\"epoch_s\":%.3f,\"steps_per_s\":%.0f,"
                            + "\"outside_kernel_share\":%.4f,\"update_s\":%.3f,\"blas\":\"%s\",\"dtype\":\"%s\"}",
                    master, cores, sequences, slices, seconds / epochs, rate, 1 - kernel / seconds,
                    seconds / timed.size(), Blas.best().name(), precision.setting()));
            data.unpersist(true);
            return rate;
        } finally {
            spark.stop();
        }
    }

    static void emit(Path out, String json) throws IOException {
        System.out.println(json);
        Files.writeString(out, json + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
