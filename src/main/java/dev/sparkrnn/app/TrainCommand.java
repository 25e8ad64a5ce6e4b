package dev.sparkrnn.app;

import dev.sparkrnn.config.Settings;
import dev.sparkrnn.data.CharVocabulary;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.ingest.TextCorpus;
import dev.sparkrnn.kernel.Blas;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.RnnKernel;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.Sampler;
import dev.sparkrnn.kernel.TargetMode;
import dev.sparkrnn.optim.LearningRateSchedule;
import dev.sparkrnn.train.DistributedTrainer;
import dev.sparkrnn.train.ModelSpec;
import dev.sparkrnn.train.TrainerConfig;
import dev.sparkrnn.train.UpdateMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** {@code train}: reads the input, trains on Spark, reports validation quality, prints samples (char-lm). */
final class TrainCommand {
    private TrainCommand() {
    }

    static int run(Settings s) {
        String task = s.choice("task", "char-lm");
        String input = s.required("input");
        String output = s.required("output");
        SparkConf conf = new SparkConf().setAppName("spark-rnn train " + task)
                .setIfMissing("spark.master", s.string("master"))
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            return charLm(sc, s, input, output);
        } finally {
            spark.stop();
        }
    }

    static TrainerConfig trainerConfig(Settings s, String output) {
        String dir = s.optional("checkpoint.dir");
        LearningRateSchedule schedule = new LearningRateSchedule(s.choice("lr.schedule", "constant", "step", "exponential", "cosine"),
                s.number("lr", 1e-12, 1e3), s.number("lr.gamma", 1e-9, 1), s.integer("lr.every", 1, Integer.MAX_VALUE),
                (long) s.integer("train.epochs", 1, 1_000_000) * s.integer("train.slices", 1, 1_000_000),
                s.number("lr.min.fraction", 0, 1), s.integer("lr.warmup", 0, Integer.MAX_VALUE));
        return TrainerConfig.builder()
                .epochs(s.integer("train.epochs", 1, 1_000_000))
                .slices(s.integer("train.slices", 1, 1_000_000))
                .batchSize(s.integer("train.batch", 1, 1 << 16))
                .window(s.integer("train.bptt", 1, 1 << 20))
                .optimizer(s.choice("optimizer", "sgd", "adagrad", "rmsprop", "adam"))
                .schedule(schedule)
                .momentum(s.number("momentum", 0, 0.999999))
                .beta1(s.number("beta1", 0, 0.999999))
                .beta2(s.number("beta2", 0, 0.99999999))
                .rho(s.number("rho", 0, 0.999999))
                .epsilon(s.number("epsilon", 0, 1))
                .clipNorm(s.number("clip.norm", 0, 1e12))
                .clipValue(s.number("clip.value", 0, 1e12))
                .l2(s.number("l2", 0, 1e6))
                .seed(s.longValue("seed"))
                .recurrentGain(s.number("init.recurrent.gain", 0, 10))
                .aggregationDepth(s.integer("aggregation.depth", 1, 10))
                .checkpoints(dir != null ? dir : output + "/checkpoints", s.integer("checkpoint.every", 1, Integer.MAX_VALUE),
                        s.integer("checkpoint.keep", 1, 1000))
                .validateEvery(s.integer("validate.every", 0, Integer.MAX_VALUE))
                .patience(s.integer("early.stopping.patience", 0, 1_000_000))
                .maxSeconds(s.number("train.max.seconds", 0, 1e9))
                .build();
    }

    private static int charLm(JavaSparkContext sc, Settings s, String input, String output) {
        TrainerConfig config = trainerConfig(s, output);
        int length = s.integer("sequence.length", 1, 1 << 20);
        double fraction = s.number("validation.fraction", 0, 0.5);
        TextCorpus corpus;
        try {
            corpus = TextCorpus.read(sc, input, s.integer("text.block.lines", 1, 1 << 20));
        } catch (RuntimeException e) {
            throw new InputDataException("cannot read text from " + input + ": " + e.getMessage(), e);
        }
        CharVocabulary vocab = corpus.vocabulary();
        int partitions = s.integer("partitions", 0, 1 << 16);
        if (partitions == 0) partitions = sc.defaultParallelism();
        JavaRDD<EncodedSequence> train = DistributedTrainer.prepare(
                corpus.sequences(length, fraction, config.seed(), false), partitions);
        JavaRDD<EncodedSequence> validation = fraction > 0
                ? corpus.sequences(length, fraction, config.seed(), true).cache() : null;

        RnnLayout layout = new RnnLayout(vocab.size(), s.integer("hidden", 1, 1 << 14), vocab.size(), true);
        ModelSpec spec = new ModelSpec(layout, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP);
        long count = train.count();
        System.out.printf(Locale.ROOT, "char-lm: %s, vocabulary %d, %d training sequences of up to %d characters "
                        + "in %d partitions, %s; BLAS %s%n", input, vocab.size(), count, length, partitions, layout,
                Blas.best().name());

        FileSystem fs;
        Path metrics = new Path(output, "metrics.jsonl");
        try {
            fs = metrics.getFileSystem(sc.hadoopConfiguration());
            fs.mkdirs(new Path(output));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output directory " + output, e);
        }
        DistributedTrainer trainer = new DistributedTrainer(sc, spec, config);
        DistributedTrainer.Result result;
        try (OutputStream log = fs.create(metrics, true)) {
            result = trainer.train(train, validation, m -> {
                write(log, m.toJson() + "\n");
                if (m.iteration() % Math.max(1, config.slices() / 5) == 0 || !Double.isNaN(m.validationLoss())) {
                    System.out.println(progress(m));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + metrics, e);
        }

        double valLoss = validation == null ? Double.NaN
                : result.history().isEmpty() ? trainer.evaluate(validation, result.theta())
                : result.history().get(result.history().size() - 1).validationLoss();
        RnnKernel kernel = new RnnKernel(layout, Blas.best());
        Sampler sampler = new Sampler(kernel, result.theta());
        String prime = s.string("generate.prime");
        int[] primeCodes = prime.codePoints().map(vocab::index).filter(i -> i >= 0).toArray();
        if (primeCodes.length == 0) primeCodes = new int[] {vocab.index('\n') >= 0 ? vocab.index('\n') : 0};
        int[] sample = sampler.sample(primeCodes, s.integer("generate.length", 1, 1 << 20),
                s.number("generate.temperature", 1e-6, 100), s.integer("generate.topk", 0, vocab.size()),
                s.longValue("generate.seed"));
        System.out.println("---- sample (temperature " + s.string("generate.temperature") + ") ----");
        System.out.println(vocab.decode(primeCodes, 0, primeCodes.length) + vocab.decode(sample, 0, sample.length));
        System.out.println("----");
        double stepsPerSecond = result.history().stream().mapToDouble(UpdateMetrics::stepsPerSecond).average().orElse(0);
        System.out.printf(Locale.ROOT, "{\"task\":\"char-lm\",\"updates\":%d,\"validation_loss\":%.5f,"
                        + "\"validation_bits_per_char\":%.5f,\"validation_perplexity\":%.4f,\"steps_per_s\":%.0f}%n",
                result.updates(), valLoss, valLoss / Math.log(2), Math.exp(valLoss), stepsPerSecond);
        return 0;
    }

    static String progress(UpdateMetrics m) {
        return String.format(Locale.ROOT, "update %5d  epoch %3d  loss %.4f (%.3f bits/char)%s  %,.0f steps/s  %.0f%% outside kernel",
                m.iteration(), m.epoch(), m.loss(), m.loss() / Math.log(2),
                Double.isNaN(m.validationLoss()) ? "" : String.format(Locale.ROOT, "  validation %.4f (%.3f bits/char)",
                        m.validationLoss(), m.validationLoss() / Math.log(2)),
                m.stepsPerSecond(), 100 * m.outsideShare());
    }

    private static void write(OutputStream out, String line) {
        try {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
