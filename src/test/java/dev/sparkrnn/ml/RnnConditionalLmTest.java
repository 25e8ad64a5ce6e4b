package dev.sparkrnn.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.app.Main;
import dev.sparkrnn.config.Settings;
import dev.sparkrnn.persist.ModelFiles;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.task.ConditionalLmTask;
import dev.sparkrnn.task.InputDataException;
import dev.sparkrnn.train.LocalSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RnnConditionalLm} and {@link RnnConditionalLmModel} on a real SparkSession: fit gives the command line's
 * parameters on the same labelled sentences (and 1 partition gives 4's), transform samples for each label the
 * sentence the command line's generate writes first for it with that seed, the model saves and loads, an unknown
 * label and a bad row are named.
 */
class RnnConditionalLmTest {
    static final StructType LABELS = new StructType().add("label", DataTypes.StringType).add("seed", DataTypes.IntegerType);

    static RnnConditionalLm small() {
        return new RnnConditionalLm().setHidden(12).setEpochs(1).setSlices("3").setBatchSize(16).setLabels("0,1")
                .setLearningRate(0.01).setSeed(5).setGenerateLength(12).setPrime("");
    }

    @Test
    void fitGivesTheCommandLinesParametersOnTheSameSentences(@TempDir Path tmp) throws IOException {
        Dataset<Row> df = RnnClassifierTest.sentences(300);
        List<Row> rows = df.collectAsList();
        RnnConditionalLmModel four = small().setPartitions(4).fit(df);
        RnnConditionalLmModel one = small().setPartitions(1).fit(df);
        double d = RnnClassifierTest.relativeDifference(four.savedModel().params(), one.savedModel().params());
        assertTrue(d <= 1e-9, "1 vs 4 partitions differ by " + d);
        assertEquals(3, four.summary().history().size());
        assertTrue(four.summary().figure("validation_perplexity_true_label") > 0, four.summary().figures().toString());
        assertEquals(List.of("0", "1"), four.labels());
        assertEquals("label", four.getInputCol());
        assertEquals("", four.getPrime());
        StageParamsTest.checkParams(four);

        List<String> lines = new ArrayList<>();
        for (Row r : rows) lines.add(r.getString(0) + "\t" + r.getString(1));
        Path file = tmp.resolve("sentences.tsv");
        Files.write(file, lines, StandardCharsets.UTF_8);
        LocalSpark.stop();   // the command line starts and stops its own session
        Path out = tmp.resolve("cli");
        int exit = Main.run(new String[] {"train", "--set", "task=conditional-lm", "--set", "master=local[2]",
                "--set", "input=" + file.toUri(), "--set", "output=" + out.toUri(), "--set", "hidden=12",
                "--set", "train.epochs=1", "--set", "train.slices=3", "--set", "train.batch=16", "--set", "labels=0,1",
                "--set", "lr=0.01", "--set", "seed=5", "--set", "generate.length=12", "--set", "generate.prime=",
                "--set", "partitions=4"});
        assertEquals(0, exit);
        String dir = out.resolve("models/v0001").toUri().toString();
        SavedModel cli = ModelFiles.read(new Configuration(), dir);
        assertEquals(cli.metadata().vocabulary(), four.savedModel().metadata().vocabulary());
        assertEquals(cli.metadata().sourceVocabulary(), four.savedModel().metadata().sourceVocabulary());
        assertArrayEquals(cli.params(), four.savedModel().params(), 0.0, "fit and train differ");

        RnnClassifierTest.spark();   // a session again, for the reader
        RnnConditionalLmModel fromCli = RnnConditionalLmModel.load(dir);
        assertEquals("", fromCli.getPrime());
        Dataset<Row> labels = RnnClassifierTest.spark().createDataFrame(List.of(RowFactory.create("1", 3)), LABELS);
        assertEquals(four.transform(labels).collectAsList(), fromCli.transform(labels).collectAsList());
    }

    /** The first sentence the command line's generate writes for {@code label} with this seed and prime. */
    private static String generated(SavedModel saved, String label, long seed, String prime) {
        Settings s = Settings.load((Path) null, List.of("generate.label=" + label, "generate.count=1",
                "generate.seed=" + seed, "generate.prime=" + prime, "generate.length=12", "generate.temperature=0.8",
                "generate.topk=0"));
        String line = new ConditionalLmTask().generate(saved, s);
        assertTrue(line.startsWith(label + "\t") && line.endsWith("\n"), line);
        return line.substring(label.length() + 1, line.length() - 1);
    }

    @Test
    void transformSamplesTheSentenceGenerateWritesForEachLabel(@TempDir Path tmp) throws IOException {
        RnnConditionalLmModel fitted = small().setEpochs(2).setPartitions(2).fit(RnnClassifierTest.sentences(240));
        String dir = tmp.resolve("clm").toString();
        fitted.write().save(dir);
        RnnConditionalLmModel model = RnnConditionalLmModel.load(dir);
        assertEquals(fitted.uid(), model.uid());
        SavedModel cli = ModelFiles.read(new Configuration(), dir);   // what the command line reads
        assertArrayEquals(fitted.savedModel().params(), cli.params(), 0.0);

        List<Row> rows = List.of(RowFactory.create("0", 1), RowFactory.create("1", 1), RowFactory.create("1", 2),
                RowFactory.create(null, 1), RowFactory.create(" 0 ", 4));
        Dataset<Row> labels = RnnClassifierTest.spark().createDataFrame(rows, LABELS).repartition(2);
        SavedModel saved = model.savedModel();
        List<Row> bySeed = model.setSeedCol("seed").transform(labels).collectAsList();
        assertEquals(rows.size(), bySeed.size());
        int checked = 0;
        for (Row r : bySeed) {
            if (r.isNullAt(0)) {
                assertNull(r.get(2));
                continue;
            }
            assertEquals(generated(saved, r.getString(0).trim(), r.getInt(1), ""), r.getString(2), r.toString());
            checked++;
        }
        assertEquals(4, checked);
        List<String> ones = bySeed.stream().filter(r -> "1".equals(r.getString(0))).map(r -> r.getString(2)).toList();
        assertNotEquals(ones.get(0), ones.get(1), "different seeds, the same sentence");

        // a numeric label column, a prime, every row with generateSeed
        RnnConditionalLmModel primed = model.copy(new org.apache.spark.ml.param.ParamMap()).setPrime("the food")
                .setGenerateSeed(9);
        primed.clear(primed.seedCol());
        Row numeric = primed.transform(labels.selectExpr("CAST(label AS INT) AS label").filter("label = 1")).first();
        assertEquals(generated(saved, "1", 9, "the food"), numeric.getString(1));
        assertTrue(numeric.getString(1).startsWith("the food"), numeric.getString(1));

        Exception unknown = assertThrows(Exception.class, () -> model.transform(
                RnnClassifierTest.spark().createDataFrame(List.of(RowFactory.create("positive", 1)), LABELS)).collect());
        Throwable cause = unknown;
        while (!(cause instanceof IllegalArgumentException) && cause.getCause() != null) cause = cause.getCause();
        assertTrue(cause instanceof IllegalArgumentException && cause.getMessage().contains("label 'positive'")
                && cause.getMessage().contains("[0, 1]"), String.valueOf(cause));
        StageParamsTest.checkParams(model);
    }

    @Test
    void aBadRowIsNamed() throws IOException {
        List<Row> rows = new ArrayList<>(RnnClassifierTest.sentences(100).collectAsList());
        rows.add(41, RowFactory.create("a fine sentence", ""));
        Dataset<Row> df = RnnClassifierTest.spark().createDataFrame(rows, RnnClassifierTest.TEXT_LABEL);
        InputDataException fail = assertThrows(InputDataException.class, () -> small().fit(df));
        assertTrue(fail.getMessage().contains("DataFrame row 42: empty label"), fail.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> small().fit(df.selectExpr("text", "array(label) AS label")));
        assertTrue(type.getMessage().contains("column 'label' holds the labels"), type.getMessage());
    }
}
