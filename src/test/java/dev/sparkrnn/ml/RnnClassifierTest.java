package dev.sparkrnn.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.app.Main;
import dev.sparkrnn.data.Vocabulary;
import dev.sparkrnn.data.WordTokenizer;
import dev.sparkrnn.infer.Labeller;
import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.persist.ModelFiles;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.task.InputDataException;
import dev.sparkrnn.train.LocalSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.Tokenizer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RnnClassifier} and {@link RnnClassificationModel} on a real SparkSession, with the checks MLlib runs on
 * its own stages: fit gives the command line's parameters, 1 = 4 partitions, transform equals labelling one
 * sentence at a time, the stages and a Pipeline save and load, bad rows are named or counted, and a wrong
 * column type is refused with its name.
 */
class RnnClassifierTest {
    static final StructType TEXT_LABEL = new StructType().add("text", DataTypes.StringType).add("label", DataTypes.StringType);

    static SparkSession spark() {
        return SparkSession.builder().sparkContext(LocalSpark.context().sc()).getOrCreate();
    }

    /** The first {@code n} sentences of the shipped Yelp reviews as (text, label). */
    static Dataset<Row> sentences(int n) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("jobs/data/sentiment/yelp_labelled.txt"), StandardCharsets.UTF_8)) {
            int tab = line.lastIndexOf('\t');
            if (tab < 0) continue;
            rows.add(RowFactory.create(line.substring(0, tab), line.substring(tab + 1).trim()));
            if (rows.size() == n) break;
        }
        return spark().createDataFrame(rows, TEXT_LABEL);
    }

    static RnnClassifier small() {
        return new RnnClassifier().setHidden(8).setEpochs(1).setSlices("3").setBatchSize(16).setLabels("0,1")
                .setLearningRate(0.01).setSeed(5);
    }

    @Test
    void fitGivesTheCommandLinesParametersOnTheSameParquetFile(@TempDir Path tmp) throws IOException {
        Path table = tmp.resolve("table");
        sentences(300).coalesce(1).write().parquet(table.toString());
        Dataset<Row> df = spark().read().parquet(table.toString());
        RnnClassificationModel four = small().setPartitions(4).fit(df);
        RnnClassificationModel one = small().setPartitions(1).fit(df);
        assertEquals(300 - Math.round(four.summary().figure("input_validation_records")), four.summary().figure("input_training_records"), 0.0);
        assertTrue(relativeDifference(four.savedModel().params(), one.savedModel().params()) <= 1e-9,
                "1 vs 4 partitions differ by " + relativeDifference(four.savedModel().params(), one.savedModel().params()));
        assertEquals(3, four.summary().history().size());
        assertTrue(four.summary().figure("validation_accuracy") >= 0, four.summary().figures().toString());

        LocalSpark.stop();   // the command line starts and stops its own session
        Path out = tmp.resolve("cli");
        int exit = Main.run(new String[] {"train", "--set", "task=classify", "--set", "master=local[2]",
                "--set", "input=" + table.toUri(), "--set", "input.format=parquet", "--set", "output=" + out.toUri(),
                "--set", "hidden=8", "--set", "train.epochs=1", "--set", "train.slices=3", "--set", "train.batch=16",
                "--set", "labels=0,1", "--set", "lr=0.01", "--set", "seed=5", "--set", "partitions=4"});
        assertEquals(0, exit);
        SavedModel cli = ModelFiles.read(new Configuration(), out.resolve("models/v0001").toUri().toString());
        assertEquals(cli.metadata().vocabulary(), four.savedModel().metadata().vocabulary());
        assertArrayEquals(cli.params(), four.savedModel().params(), 0.0, "fit and train differ");
    }

    @Test
    void transformEqualsLabellingOneSentenceAtATime() throws IOException {
        Dataset<Row> train = sentences(200);
        RnnClassificationModel model = small().setPartitions(2).fit(train);
        List<Row> rows = new ArrayList<>(sentences(260).collectAsList().subList(200, 260));
        rows.add(RowFactory.create("!!! ...", "1"));          // no word: nulls
        rows.add(RowFactory.create(null, "0"));               // no text: nulls
        Dataset<Row> test = spark().createDataFrame(rows, TEXT_LABEL).repartition(3);
        List<Row> scored = model.setBatchSize(7).transform(test).collectAsList();
        assertEquals(rows.size(), scored.size());
        SavedModel saved = model.savedModel();
        Labeller one = new Labeller(saved.network(), saved.params(), 1, 100, Precision.FLOAT64, true);
        Vocabulary words = Vocabulary.fromEntries(saved.metadata().vocabulary(), true);
        int checked = 0;
        for (Row r : scored) {
            String text = r.getString(0);
            List<String> tokens = text == null ? List.of() : WordTokenizer.tokens(text);
            if (tokens.isEmpty()) {
                assertTrue(r.isNullAt(2) && r.isNullAt(3) && r.isNullAt(4), r.toString());
                continue;
            }
            Labeller.Labels l = one.label(List.of(words.encode(tokens))).get(0);
            assertEquals(model.labels().get(l.classes()[0]), r.getString(2), text);
            double[] p = ((Vector) r.get(3)).toArray();
            double[] raw = ((Vector) r.get(4)).toArray();
            assertArrayEquals(l.distribution(0, 2), p, 1e-12, text);
            for (int k = 0; k < p.length; k++) assertEquals(Math.log(p[k]), raw[k], 1e-12);
            checked++;
        }
        assertEquals(60, checked);
    }

    /** transform on a streaming DataFrame (files arriving in a directory) scores as it does a static one. */
    @Test
    void transformScoresAStream(@TempDir Path tmp) throws Exception {
        RnnClassificationModel model = small().setPartitions(2).fit(sentences(200));
        List<Row> rows = sentences(260).collectAsList().subList(200, 260);
        Dataset<Row> test = spark().createDataFrame(rows, TEXT_LABEL);
        Path in = tmp.resolve("incoming");
        spark().createDataFrame(rows.subList(0, 30), TEXT_LABEL).write().parquet(in.resolve("part-1").toString());
        org.apache.spark.sql.streaming.StreamingQuery query = model.transform(spark().readStream().schema(TEXT_LABEL)
                        .parquet(in.resolve("*").toString()))
                .select("text", "prediction", "probability")
                .writeStream().format("memory").queryName("scored_stream").outputMode("append").start();
        try {
            query.processAllAvailable();
            // more files arrive
            spark().createDataFrame(rows.subList(30, 60), TEXT_LABEL).write().parquet(in.resolve("part-2").toString());
            query.processAllAvailable();
        } finally {
            query.stop();
        }
        List<Row> streamed = spark().sql("SELECT * FROM scored_stream").collectAsList();
        List<Row> batch = model.transform(test).select("text", "prediction", "probability").collectAsList();
        assertEquals(60, streamed.size());
        assertEquals(new java.util.HashSet<>(batch), new java.util.HashSet<>(streamed));
    }

    @Test
    void stagesAndPipelinesSaveAndLoad(@TempDir Path tmp) throws IOException {
        Dataset<Row> train = sentences(200);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
                new Tokenizer().setInputCol("text").setOutputCol("words"),
                small().setInputCol("words").setPredictionCol("predicted")});
        String estimatorDir = tmp.resolve("pipeline").toString();
        pipeline.write().save(estimatorDir);
        Pipeline readBack = Pipeline.load(estimatorDir);
        RnnClassifier c = (RnnClassifier) readBack.getStages()[1];
        assertEquals(8, c.getHidden());
        assertEquals("words", c.getInputCol());
        assertEquals(((RnnClassifier) pipeline.getStages()[1]).uid(), c.uid());

        PipelineModel fitted = readBack.fit(train);
        String modelDir = tmp.resolve("pipeline-model").toString();
        fitted.write().save(modelDir);
        PipelineModel loaded = PipelineModel.load(modelDir);
        Dataset<Row> test = sentences(240);
        List<Row> a = fitted.transform(test).select("predicted", "probability").collectAsList();
        List<Row> b = loaded.transform(test).select("predicted", "probability").collectAsList();
        assertEquals(a, b);
        RnnClassificationModel m = (RnnClassificationModel) loaded.stages()[1];
        assertEquals(fitted.stages()[1].uid(), m.uid());
        assertEquals("predicted", m.getPredictionCol());
        StageParamsTest.checkParams(m);
        assertTrue(m.summary().figures().containsKey("validation_accuracy"));

        // the stage directory is a model of the command line's, and a model of the command line's is a stage
        String stageDir = tmp.resolve("pipeline-model/stages").toFile().listFiles((d, n) -> n.startsWith("1_"))[0].toString();
        SavedModel cli = ModelFiles.read(new Configuration(), stageDir);
        assertArrayEquals(m.savedModel().params(), cli.params(), 0.0);
        String bare = tmp.resolve("bare").toString();
        ModelFiles.write(new Configuration(), bare, cli, false);
        RnnClassificationModel fromCli = RnnClassificationModel.load(bare);
        assertEquals("text", fromCli.getInputCol());
        assertEquals(a, fromCli.setInputCol("words").setPredictionCol("predicted")
                .transform(new Tokenizer().setInputCol("text").setOutputCol("words").transform(test))
                .select("predicted", "probability").collectAsList());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> RnnTaggingModel.load(bare));
        assertTrue(wrong.getMessage().contains("'classify' model"), wrong.getMessage());

        RnnClassificationModel copy = m.copy(new org.apache.spark.ml.param.ParamMap().put(m.batchSize(), 5));
        assertEquals(m.uid(), copy.uid());
        assertEquals(5, copy.getBatchSize());
        assertEquals("predicted", copy.getPredictionCol());
    }

    /** The command line's predict reads a stage directory of a saved PipelineModel and predicts as transform does. */
    @Test
    void theCommandLinePredictsWithAPipelineStage(@TempDir Path tmp) throws IOException {
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {small()}).fit(sentences(200));
        String modelDir = tmp.resolve("pipeline-model").toString();
        fitted.write().save(modelDir);
        List<Row> test = sentences(230).collectAsList().subList(200, 230);
        List<String> expected = new ArrayList<>();
        for (Row r : fitted.transform(spark().createDataFrame(test, TEXT_LABEL)).select("prediction").collectAsList()) {
            expected.add(r.getString(0));
        }
        Path text = tmp.resolve("reviews.txt");
        List<String> lines = new ArrayList<>();
        for (Row r : test) lines.add(r.getString(0));
        Files.write(text, lines, StandardCharsets.UTF_8);
        String stageDir = tmp.resolve("pipeline-model/stages").toFile().listFiles((d, n) -> n.startsWith("0_"))[0].toString();
        LocalSpark.stop();   // the command line starts and stops its own session
        Path preds = tmp.resolve("predictions");
        assertEquals(0, Main.run(new String[] {"predict", "--set", "master=local[2]", "--set", "model=" + stageDir,
                "--set", "input=" + text.toUri(), "--set", "predictions=" + preds.toUri()}));
        String[] predicted = new String[test.size()];
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (var files = Files.list(preds)) {
            for (Path f : (Iterable<Path>) files.filter(f -> f.getFileName().toString().startsWith("part-"))::iterator) {
                for (String l : Files.readAllLines(f)) {
                    com.fasterxml.jackson.databind.JsonNode n = json.readTree(l);
                    predicted[n.get("line").asInt() - 1] = n.get("label").asText();
                }
            }
        }
        assertEquals(expected, List.of(predicted));
    }

    @Test
    void badRowsAreNamedOrCountedAndWrongColumnsRefused() throws IOException {
        List<Row> rows = new ArrayList<>(sentences(120).collectAsList());
        rows.add(37, RowFactory.create("a fine sentence", " "));
        Dataset<Row> df = spark().createDataFrame(rows, TEXT_LABEL);
        InputDataException fail = assertThrows(InputDataException.class, () -> small().fit(df));
        assertTrue(fail.getMessage().contains("DataFrame row 38: empty label"), fail.getMessage());
        RnnClassificationModel skipped = small().setBadInput("skip").setValidationFraction(0).fit(df);
        assertEquals(120, skipped.summary().figure("input_training_records"), 0.0, skipped.summary().figures().toString());
        assertEquals(1, skipped.summary().figure("input_skipped_records"), 0.0, skipped.summary().figures().toString());

        Dataset<Row> numbers = df.selectExpr("length(text) AS text", "label");
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> small().fit(numbers));
        assertTrue(type.getMessage().contains("column 'text' must be string (a sentence), array<string> (its tokens) or a series")
                && type.getMessage().contains("not int"), type.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> small().setLabelCol("sentiment").fit(df));
        assertTrue(missing.getMessage().contains("no column 'sentiment'"), missing.getMessage());
        IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
                () -> skipped.setPredictionCol("label").transformSchema(df.schema()));
        assertTrue(taken.getMessage().contains("output column 'label' already exists"), taken.getMessage());
        assertThrows(IllegalArgumentException.class, () -> small().setHidden(0));
        assertThrows(IllegalArgumentException.class, () -> small().setOptimizer("adamw"));
    }

    @Test
    void numericLabelsPredictDoubles() throws IOException {
        Dataset<Row> df = sentences(150).selectExpr("text", "CAST(label AS DOUBLE) AS label");
        RnnClassificationModel m = new RnnClassifier().setHidden(8).setEpochs(1).setSlices("2").setLabelsMinCount(0).fit(df);
        Dataset<Row> out = m.transform(df.limit(5));
        assertEquals(DataTypes.DoubleType, out.schema().apply("prediction").dataType());
        assertEquals(List.of("0.0", "1.0"), m.labels());
        assertNull(out.filter("prediction NOT IN (0.0, 1.0)").collectAsList().isEmpty() ? null : "other");
    }

    static double relativeDifference(double[] a, double[] b) {
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += a[i] * a[i];
        }
        return Math.sqrt(num / den);
    }
}
