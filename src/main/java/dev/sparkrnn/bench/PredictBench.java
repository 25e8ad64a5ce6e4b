package dev.sparkrnn.bench;

import dev.sparkrnn.app.Sessions;
import dev.sparkrnn.data.WordTokenizer;
import dev.sparkrnn.ml.RnnClassificationModel;
import dev.sparkrnn.ml.RnnClassifier;
import dev.sparkrnn.ml.RnnSeq2Seq;
import dev.sparkrnn.ml.RnnSeq2SeqModel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Batch scoring with the spark.ml models' {@code transform}, as a Spark application scores a table: a sentiment
 * classifier (H = 128, the peer's size) over a Parquet table of at least a million sentences built from the
 * shipped sentiment sentences, and a g2p encoder–decoder (H = 256, the job's size) decoding every headword of
 * the dictionary greedily and with beam 4. Both models are fitted first (one epoch: a model whose outputs end
 * where a trained one's do), then each master given (e.g. local[1], local[2]) runs each scoring once to warm
 * up and once timed: read the table, transform, and consume every row (tokenization and Spark's scheduling
 * counted, start-up not). Prints a JSON line per measurement with rows/s, rows/s per core, time steps/s and the
 * peak heap of the JVM (in local mode the executors' and the driver's), and appends them to the output file.
 *
 * <p>Arguments: output JSON file, work directory, sentiment directory, dictionary, rows, masters...
 */
public final class PredictBench {
    private static final StructType TEXT_LABEL = new StructType().add("text", DataTypes.StringType)
            .add("label", DataTypes.StringType);
    private static final StructType WORD_PHONEMES = new StructType().add("word", DataTypes.StringType)
            .add("phonemes", DataTypes.StringType);

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Path work = Path.of(args[1]).toAbsolutePath();
        Path sentiment = Path.of(args[2]);
        Path dict = Path.of(args[3]);
        long rows = Long.parseLong(args[4]);
        List<String> masters = List.of(args).subList(5, args.length);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.deleteIfExists(out);

        List<Row> sentences = new ArrayList<>();
        try (var files = Files.list(sentiment)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("_labelled.txt")).sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    int tab = line.lastIndexOf('\t');
                    if (tab > 0) sentences.add(RowFactory.create(line.substring(0, tab), line.substring(tab + 1).strip()));
                }
            }
        }
        long tokens = 0;
        for (Row r : sentences) tokens += WordTokenizer.tokens(r.getString(0)).size();
        List<Row> pairs = new ArrayList<>();
        Set<String> words = new LinkedHashSet<>();
        for (String line : Files.readAllLines(dict, StandardCharsets.UTF_8)) {
            int space = line.indexOf(' ');
            if (line.startsWith(";;;") || space < 0) continue;
            String word = line.substring(0, space).toLowerCase(Locale.ROOT);
            if (word.contains("(") || !word.chars().allMatch(Character::isLetter)) continue;
            pairs.add(RowFactory.create(word, line.substring(space + 1).strip()));
            words.add(word);
        }
        long repeats = (rows + sentences.size() - 1) / sentences.size();
        long tableRows = repeats * sentences.size();
        String table = work.resolve("sentences.parquet").toString(), warm = work.resolve("warm.parquet").toString();
        String wordTable = work.resolve("words.parquet").toString();
        String classifierDir = work.resolve("classifier").toString(), g2pDir = work.resolve("g2p").toString();

        SparkSession spark = session(masters.get(masters.size() - 1));
        try {
            Dataset<Row> base = spark.createDataFrame(sentences, TEXT_LABEL);
            RnnClassifier classifier = new RnnClassifier().setHidden(128).setEpochs(1).setSlices("4").setBatchSize(32)
                    .setLabels("0,1").setMinCount(2).setOptimizer("adam").setLearningRate(0.001).setPrecision("float32")
                    .setSeed(1);
            classifier.fit(base).write().overwrite().save(classifierDir);
            base.crossJoin(spark.range(repeats).withColumnRenamed("id", "copy")).select("text").repartition(8)
                    .write().mode(SaveMode.Overwrite).parquet(table);
            base.crossJoin(spark.range(Math.max(1, repeats / 10))).select("text").repartition(8)
                    .write().mode(SaveMode.Overwrite).parquet(warm);
            RnnSeq2Seq g2p = new RnnSeq2Seq().setInputCol("word").setLabelCol("phonemes").setSourceUnit("char")
                    .setTargetUnit("space").setSourceReverse(true).setFeedContext(true).setHidden(256).setEpochs(1)
                    .setSlices("250").setBatchSize(64).setOptimizer("adam").setLearningRate(0.002).setClipNorm(5)
                    .setPrecision("float32").setValidationFraction(0.02).setDecodeMaxLength(30).setSeed(1);
            g2p.fit(spark.createDataFrame(pairs, WORD_PHONEMES)).write().overwrite().save(g2pDir);
            List<Row> wordRows = new ArrayList<>();
            for (String w : words) wordRows.add(RowFactory.create(w));
            spark.createDataFrame(wordRows, new StructType().add("word", DataTypes.StringType)).repartition(8)
                    .write().mode(SaveMode.Overwrite).parquet(wordTable);
        } finally {
            spark.stop();
        }

        for (String master : masters) {
            SparkSession session = session(master);
            try {
                int cores = session.sparkContext().defaultParallelism();
                RnnClassificationModel c = RnnClassificationModel.load(classifierDir).setBatchSize(256);
                consume(c.transform(session.read().parquet(warm)));
                long[] peak = new long[1];
                double s = timed(() -> consume(c.transform(session.read().parquet(table))), peak);
                emit(out, String.format(Locale.ROOT, "{\"bench\":\"predict\",\"task\":\"classify\",\"master\":\"%s\","
                                + "\"cores\":%d,\"rows\":%d,\"seconds\":%.2f,\"rows_per_s\":%.0f,\"rows_per_s_per_core\":%.0f,"
                                + "\"steps_per_s\":%.0f,\"mean_length\":%.1f,\"H\":128,\"batch\":256,\"dtype\":\"%s\","
                                + "\"peak_heap_mb\":%d,\"tokenization\":true}",
                        master, cores, tableRows, s, tableRows / s, tableRows / s / cores, tokens * repeats / s,
                        (double) tokens / sentences.size(), c.getPrecision(), peak[0] >> 20));
                for (int beam : new int[] {1, 4}) {
                    RnnSeq2SeqModel m = RnnSeq2SeqModel.load(g2pDir).setBeam(beam).setBatchSize(256);
                    decodedSteps(m.transform(session.read().parquet(wordTable).limit(2000)));
                    long[] steps = new long[1];
                    double g = timed(() -> steps[0] = decodedSteps(m.transform(session.read().parquet(wordTable))), peak);
                    emit(out, String.format(Locale.ROOT, "{\"bench\":\"predict\",\"task\":\"g2p\",\"beam\":%d,"
                                    + "\"master\":\"%s\",\"cores\":%d,\"rows\":%d,\"seconds\":%.2f,\"rows_per_s\":%.0f,"
                                    + "\"rows_per_s_per_core\":%.0f,\"output_steps_per_s\":%.0f,\"mean_output_steps\":%.2f,"
                                    + "\"H\":256,\"batch\":256,\"dtype\":\"%s\",\"peak_heap_mb\":%d}",
                            beam, master, cores, words.size(), g, words.size() / g, words.size() / g / cores,
                            steps[0] / g, (double) steps[0] / words.size(), m.getPrecision(), peak[0] >> 20));
                }
            } finally {
                session.stop();
            }
        }
    }

    private static SparkSession session(String master) {
        SparkConf conf = Sessions.conf(master, "spark-rnn predict bench " + master).set("spark.master", master)
                .set("spark.ui.enabled", "false");
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /** Computes every row of a scored table (Spark's no-op sink: nothing written). */
    private static void consume(Dataset<Row> scored) {
        scored.write().format("noop").mode(SaveMode.Overwrite).save();
    }

    /** The decoder steps of a scored table: each prediction's tokens and its {@code </s>}. */
    private static long decodedSteps(Dataset<Row> scored) {
        Row r = scored.selectExpr("size(split(prediction, ' ')) + 1 AS steps").agg(
                org.apache.spark.sql.functions.sum("steps")).first();
        return r.isNullAt(0) ? 0 : r.getLong(0);
    }

    /** Seconds of {@code run}, with the peak heap used while it ran in {@code peak[0]} (bytes). */
    private static double timed(Runnable run, long[] peak) {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
        long t0 = System.nanoTime();
        run.run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) used += pool.getPeakUsage().getUsed();
        }
        peak[0] = used;
        return seconds;
    }

    private static void emit(Path out, String json) throws IOException {
        System.out.println(json);
        Files.writeString(out, json + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
