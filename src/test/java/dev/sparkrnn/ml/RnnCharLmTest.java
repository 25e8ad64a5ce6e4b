package dev.sparkrnn.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.app.Main;
import dev.sparkrnn.config.Settings;
import dev.sparkrnn.persist.ModelFiles;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.task.CharLmTask;
import dev.sparkrnn.task.InputDataException;
import dev.sparkrnn.train.LocalSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * {@link RnnCharLm} and {@link RnnCharLmModel} on a real SparkSession: fit gives the command line's parameters on
 * the same lines (and 1 partition gives 4's), transform continues each prime exactly as the command line's
 * generate does with that seed, the model saves and loads (and loads what the command line wrote), and a bad
 * row is named.
 */
class RnnCharLmTest {
    static final StructType TEXT = new StructType().add("text", DataTypes.StringType);
    static final StructType PRIMES = new StructType().add("prime", DataTypes.StringType).add("seed", DataTypes.LongType);

    /** The first {@code n} lines of the shipped Shakespeare. */
    static List<String> lines(int n) throws IOException {
        return Files.readAllLines(Path.of("jobs/data/tinyshakespeare/shakespeare.txt"), StandardCharsets.UTF_8).subList(0, n);
    }

    static Dataset<Row> frame(List<String> lines) {
        List<Row> rows = new ArrayList<>();
        for (String l : lines) rows.add(RowFactory.create(l));
        return RnnClassifierTest.spark().createDataFrame(rows, TEXT);
    }

    static RnnCharLm small() {
        return new RnnCharLm().setHidden(16).setEpochs(1).setSlices("3").setBatchSize(16).setSequenceLength(25)
                .setTextBlockLines(20).setLearningRate(0.01).setSeed(3).setGenerateLength(40);
    }

    @Test
    void fitGivesTheCommandLinesParametersOnTheSameLines(@TempDir Path tmp) throws IOException {
        List<String> lines = lines(400);
        RnnCharLmModel four = small().setPartitions(4).fit(frame(lines));
        RnnCharLmModel one = small().setPartitions(1).fit(frame(lines));
        double d = RnnClassifierTest.relativeDifference(four.savedModel().params(), one.savedModel().params());
        assertTrue(d <= 1e-9, "1 vs 4 partitions differ by " + d);
        assertEquals(3, four.summary().history().size());
        assertTrue(four.summary().figure("validation_bits_per_char") > 0, four.summary().figures().toString());
        assertEquals("prime", four.getInputCol());
        assertEquals(40, four.getGenerateLength());
        StageParamsTest.checkParams(four);

        Path file = tmp.resolve("lines.txt");
        Files.write(file, lines, StandardCharsets.UTF_8);
        LocalSpark.stop();   // the command line starts and stops its own session
        Path out = tmp.resolve("cli");
        int exit = Main.run(new String[] {"train", "--set", "task=char-lm", "--set", "master=local[2]",
                "--set", "input=" + file.toUri(), "--set", "output=" + out.toUri(), "--set", "hidden=16",
                "--set", "train.epochs=1", "--set", "train.slices=3", "--set", "train.batch=16",
                "--set", "sequence.length=25", "--set", "text.block.lines=20", "--set", "lr=0.01", "--set", "seed=3",
                "--set", "generate.length=40", "--set", "partitions=4"});
        assertEquals(0, exit);
        String dir = out.resolve("models/v0001").toUri().toString();
        SavedModel cli = ModelFiles.read(new Configuration(), dir);
        assertEquals(cli.metadata().vocabulary(), four.savedModel().metadata().vocabulary());
        assertArrayEquals(cli.params(), four.savedModel().params(), 0.0, "fit and train differ");

        RnnClassifierTest.spark();   // a session again, for the reader
        RnnCharLmModel fromCli = RnnCharLmModel.load(dir);
        assertEquals("prime", fromCli.getInputCol());
        assertEquals(40, fromCli.getGenerateLength());
        Dataset<Row> primes = RnnClassifierTest.spark().createDataFrame(List.of(RowFactory.create("ROMEO:", 1L)), PRIMES);
        assertEquals(four.transform(primes).collectAsList(), fromCli.transform(primes).collectAsList());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> RnnConditionalLmModel.load(dir));
        assertTrue(wrong.getMessage().contains("'char-lm' model"), wrong.getMessage());
    }

    /** What the command line's generate writes after {@code prime} (as the model reads it) with this seed. */
    private static String generated(SavedModel saved, String prime, long seed, int length) {
        Settings s = Settings.load((Path) null, List.of("generate.prime=" + prime, "generate.seed=" + seed,
                "generate.length=" + length, "generate.temperature=0.8", "generate.topk=5"));
        String all = new CharLmTask().generate(saved, s);
        int[] codes = CharLmTask.primeCodes(saved.charVocabulary(), prime);
        String read = saved.charVocabulary().decode(codes, 0, codes.length);
        assertTrue(all.startsWith(read) && all.endsWith("\n"), all);
        return all.substring(read.length(), all.length() - 1);
    }

    @Test
    void transformContinuesEachPrimeAsGenerateDoes(@TempDir Path tmp) throws IOException {
        RnnCharLmModel fitted = small().setPartitions(2).setTopK(5).fit(frame(lines(300)));
        String dir = tmp.resolve("lm").toString();
        fitted.write().save(dir);
        RnnCharLmModel model = RnnCharLmModel.load(dir);
        assertEquals(fitted.uid(), model.uid());
        assertEquals(5, model.getTopK());
        SavedModel cli = ModelFiles.read(new Configuration(), dir);   // what the command line reads
        assertArrayEquals(fitted.savedModel().params(), cli.params(), 0.0);

        List<Row> rows = List.of(RowFactory.create("ROMEO:", 7L), RowFactory.create("First Citizen:\nWe", 7L),
                RowFactory.create("", 11L), RowFactory.create("\u00e9\u00e9", 12L), RowFactory.create(null, 7L),
                RowFactory.create("ROMEO:", 8L));
        Dataset<Row> primes = RnnClassifierTest.spark().createDataFrame(rows, PRIMES).repartition(2);
        List<Row> bySeed = model.setSeedCol("seed").transform(primes).collectAsList();
        assertEquals(rows.size(), bySeed.size());
        SavedModel saved = model.savedModel();
        int checked = 0;
        for (Row r : bySeed) {
            if (r.isNullAt(0)) {
                assertNull(r.get(2));
                continue;
            }
            assertEquals(generated(saved, r.getString(0), r.getLong(1), 40), r.getString(2), r.getString(0));
            checked++;
        }
        assertEquals(5, checked);
        String seven = bySeed.stream().filter(r -> "ROMEO:".equals(r.getString(0)) && r.getLong(1) == 7L).findFirst().get().getString(2);
        String eight = bySeed.stream().filter(r -> "ROMEO:".equals(r.getString(0)) && r.getLong(1) == 8L).findFirst().get().getString(2);
        assertNotEquals(seven, eight, "different seeds, the same text");

        RnnCharLmModel fixed = model.copy(new org.apache.spark.ml.param.ParamMap()).setGenerateSeed(21).setGenerateLength(30)
                .setPredictionCol("continued");
        fixed.clear(fixed.seedCol());
        List<Row> bySetting = fixed.transform(primes.limit(2)).collectAsList();
        for (Row r : bySetting) assertEquals(generated(saved, r.getString(0), 21, 30), r.getAs("continued"));
        StageParamsTest.checkParams(model);
        assertFalse(Arrays.asList(model.params()).stream().anyMatch(p -> p.name().equals("probabilityCol")
                || p.name().equals("batchSize")), Arrays.toString(model.params()));
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> model.setTopK(1000).transform(primes).collect());
        assertTrue(k.getMessage().contains("topK = 1000"), k.getMessage());
        IllegalArgumentException seedType = assertThrows(IllegalArgumentException.class,
                () -> model.setTopK(5).transform(primes.selectExpr("prime", "CAST(seed AS STRING) AS seed")));
        assertTrue(seedType.getMessage().contains("column 'seed' holds the seeds"), seedType.getMessage());
    }

    /** With validationCol, the marked rows are the validation text, as a validation file is for train. */
    @Test
    void validationRowsAreTheValidationText(@TempDir Path tmp) throws IOException {
        List<String> lines = lines(400);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) rows.add(RowFactory.create(lines.get(i), i >= 300));
        Dataset<Row> df = RnnClassifierTest.spark().createDataFrame(rows, TEXT.add("held", DataTypes.BooleanType));
        RnnCharLmModel fitted = small().setValidationCol("held").setPartitions(2).fit(df);
        Path train = tmp.resolve("train.txt"), validation = tmp.resolve("validation.txt");
        Files.write(train, lines.subList(0, 300), StandardCharsets.UTF_8);
        Files.write(validation, lines.subList(300, 400), StandardCharsets.UTF_8);
        LocalSpark.stop();   // the command line starts and stops its own session
        Path out = tmp.resolve("cli");
        assertEquals(0, Main.run(new String[] {"train", "--set", "task=char-lm", "--set", "master=local[2]",
                "--set", "input=" + train.toUri(), "--set", "validation=" + validation.toUri(),
                "--set", "output=" + out.toUri(), "--set", "hidden=16", "--set", "train.epochs=1", "--set", "train.slices=3",
                "--set", "train.batch=16", "--set", "sequence.length=25", "--set", "text.block.lines=20", "--set", "lr=0.01",
                "--set", "seed=3", "--set", "partitions=2"}));
        SavedModel cli = ModelFiles.read(new Configuration(), out.resolve("models/v0001").toUri().toString());
        assertArrayEquals(cli.params(), fitted.savedModel().params(), 0.0, "fit and train differ");
        assertEquals(cli.metadata().metrics().get("validation_bits_per_char"),
                fitted.summary().figures().get("validation_bits_per_char"));
    }

    @Test
    void aBadRowIsNamed() throws IOException {
        List<String> lines = new ArrayList<>(lines(120));
        lines.set(56, "a line with a NUL \0 in it");
        InputDataException fail = assertThrows(InputDataException.class, () -> small().fit(frame(lines)));
        assertTrue(fail.getMessage().contains("DataFrame row 57"), fail.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> small().fit(frame(lines).selectExpr("split(text, ' ') AS text")));
        assertTrue(type.getMessage().contains("column 'text'") && type.getMessage().contains("must be string"), type.getMessage());
    }
}
