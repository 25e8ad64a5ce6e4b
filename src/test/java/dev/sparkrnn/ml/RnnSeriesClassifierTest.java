package dev.sparkrnn.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.app.Main;
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
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RnnClassifier} on series (many-to-one, dense input: the command line's {@code series} task): an
 * {@code array<vector>}, {@code array<array<double>>} or {@code array<double>} column. fit gives the command
 * line's parameters on the same series, 1 partition gives 4's, transform equals labelling one series at a time.
 */
class RnnSeriesClassifierTest {
    static final StructType VECTORS_LABEL = new StructType()
            .add("series", DataTypes.createArrayType(SQLDataTypes.VectorType())).add("label", DataTypes.StringType);
    static final StructType VALUES_LABEL = new StructType()
            .add("series", DataTypes.createArrayType(DataTypes.DoubleType)).add("label", DataTypes.StringType);

    /** The shipped Japanese vowels series (12 channels): each a list of steps (double[12]) and its label. */
    static List<Object[]> vowels(int n) throws IOException {
        List<Object[]> out = new ArrayList<>();
        boolean data = false;
        for (String line : Files.readAllLines(Path.of("jobs/data/japanese-vowels/JapaneseVowels_TRAIN.ts"), StandardCharsets.UTF_8)) {
            if (!data) {
                data = line.trim().equalsIgnoreCase("@data");
                continue;
            }
            if (line.isBlank()) continue;
            String[] channels = line.split(":");
            int c = channels.length - 1;
            String[][] cells = new String[c][];
            for (int k = 0; k < c; k++) cells[k] = channels[k].split(",");
            List<double[]> steps = new ArrayList<>();
            for (int t = 0; t < cells[0].length; t++) {
                double[] step = new double[c];
                for (int k = 0; k < c; k++) step[k] = Double.parseDouble(cells[k][t]);
                steps.add(step);
            }
            out.add(new Object[] {steps, channels[c].trim()});
            if (out.size() == n) break;
        }
        return out;
    }

    static Dataset<Row> vectors(List<Object[]> series) {
        List<Row> rows = new ArrayList<>();
        for (Object[] s : series) {
            @SuppressWarnings("unchecked") List<double[]> steps = (List<double[]>) s[0];
            List<Vector> v = new ArrayList<>();
            for (double[] step : steps) v.add(Vectors.dense(step));
            rows.add(RowFactory.create(v.toArray(), s[1]));
        }
        return RnnClassifierTest.spark().createDataFrame(rows, VECTORS_LABEL);
    }

    /** The series as array<array<double>>, the first {@code channels} channels of each step. */
    static Dataset<Row> arrays(List<Object[]> series, int channels) {
        List<Row> rows = new ArrayList<>();
        for (Object[] s : series) {
            @SuppressWarnings("unchecked") List<double[]> steps = (List<double[]>) s[0];
            List<Double[]> v = new ArrayList<>();
            for (double[] step : steps) v.add(box(java.util.Arrays.copyOf(step, channels)));
            rows.add(RowFactory.create(v.toArray(), s[1]));
        }
        return RnnClassifierTest.spark().createDataFrame(rows, new StructType()
                .add("series", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)))
                .add("label", DataTypes.StringType));
    }

    static RnnClassifier small() {
        return new RnnClassifier().setInputCol("series").setHidden(10).setEpochs(2).setSlices("2").setBatchSize(16)
                .setLabels("1,2,3,4,5,6,7,8,9").setLearningRate(0.005).setOptimizer("adam").setSeed(7);
    }

    @Test
    void fitGivesTheCommandLinesParametersOnTheSameSeries(@TempDir Path tmp) throws IOException {
        // one channel of each series, as a series-csv file (label,v1,v2,...) and as array<double> rows
        List<Row> rows = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (Object[] s : vowels(200)) {
            @SuppressWarnings("unchecked") List<double[]> steps = (List<double[]>) s[0];
            double[] first = new double[steps.size()];
            StringBuilder line = new StringBuilder((String) s[1]);
            for (int t = 0; t < first.length; t++) {
                first[t] = steps.get(t)[0];
                line.append(',').append(first[t]);
            }
            rows.add(RowFactory.create(box(first), s[1]));
            lines.add(line.toString());
        }
        Dataset<Row> df = RnnClassifierTest.spark().createDataFrame(rows, VALUES_LABEL);
        RnnClassificationModel four = small().setPartitions(4).fit(df);
        assertTrue(four.readsSeries());
        assertEquals("series", four.savedModel().metadata().task());
        Path file = tmp.resolve("series.csv");
        Files.write(file, lines, StandardCharsets.UTF_8);
        LocalSpark.stop();   // the command line starts and stops its own session
        Path out = tmp.resolve("cli");
        int exit = Main.run(new String[] {"train", "--set", "task=series", "--set", "master=local[2]",
                "--set", "input=" + file.toUri(), "--set", "input.format=series-csv", "--set", "output=" + out.toUri(),
                "--set", "hidden=10", "--set", "train.epochs=2", "--set", "train.slices=2", "--set", "train.batch=16",
                "--set", "labels=1,2,3,4,5,6,7,8,9", "--set", "lr=0.005", "--set", "optimizer=adam", "--set", "seed=7",
                "--set", "partitions=4"});
        assertEquals(0, exit);
        SavedModel cli = ModelFiles.read(new Configuration(), out.resolve("models/v0001").toUri().toString());
        // the channel moments are sums over the input's partitions (a file's byte splits, a DataFrame's rows): equal
        // to round-off, and so are the parameters trained on the values they standardize
        assertArrayEquals(cli.metadata().normalization().mean(), four.savedModel().metadata().normalization().mean(), 1e-12);
        assertArrayEquals(cli.metadata().normalization().std(), four.savedModel().metadata().normalization().std(), 1e-12);
        double d = RnnClassifierTest.relativeDifference(cli.params(), four.savedModel().params());
        assertTrue(d <= 1e-9, "fit and train differ by " + d);
    }

    private static Double[] box(double[] v) {
        Double[] b = new Double[v.length];
        for (int i = 0; i < v.length; i++) b[i] = v[i];
        return b;
    }

    @Test
    void transformEqualsLabellingOneSeriesAtATime(@TempDir Path tmp) throws IOException {
        List<Object[]> all = vowels(270);
        RnnClassificationModel four = small().setEpochs(15).setPartitions(4).fit(vectors(all.subList(0, 220)));
        RnnClassificationModel one = small().setEpochs(15).setPartitions(1).fit(vectors(all.subList(0, 220)));
        double d = RnnClassifierTest.relativeDifference(four.savedModel().params(), one.savedModel().params());
        assertTrue(d <= 1e-9, "1 vs 4 partitions differ by " + d);
        assertTrue(four.summary().figure("validation_accuracy") > 0.3, four.summary().figures().toString());
        String dir = tmp.resolve("vowels").toString();
        four.write().save(dir);
        RnnClassificationModel model = RnnClassificationModel.load(dir);
        StageParamsTest.checkParams(model);

        Dataset<Row> test = vectors(all.subList(220, 270)).repartition(3);
        List<Row> scored = model.setBatchSize(6).transform(test).collectAsList();
        assertEquals(50, scored.size());
        SavedModel saved = model.savedModel();
        Labeller alone = new Labeller(saved.network(), saved.params(), 1, 100, Precision.FLOAT64, true);
        for (Row r : scored) {
            List<Vector> steps = r.getList(0);
            double[] values = new double[steps.size() * 12];
            for (int t = 0; t < steps.size(); t++) System.arraycopy(steps.get(t).toArray(), 0, values, t * 12, 12);
            Labeller.Labels l = alone.label(List.of(saved.metadata().normalization().apply(values))).get(0);
            assertEquals(model.labels().get(l.classes()[0]), r.getString(2));
            assertArrayEquals(l.distribution(0, 9), ((Vector) r.get(3)).toArray(), 1e-12);
        }
        // array<array<double>> gives the same; the wrong number of channels is named
        List<Object[]> some = all.subList(220, 240);
        assertEquals(model.transform(vectors(some)).select("prediction", "probability").collectAsList(),
                model.transform(arrays(some, 12)).select("prediction", "probability").collectAsList());
        Dataset<Row> three = arrays(some, 3);
        Exception wrong = assertThrows(Exception.class, () -> model.transform(three).collectAsList());
        assertTrue(String.valueOf(rootMessage(wrong)).contains("a series of 3 channels; the model reads 12"), rootMessage(wrong));
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> model.transformSchema(RnnClassifierTest.TEXT_LABEL.add("series", DataTypes.StringType)));
        assertTrue(text.getMessage().contains("must be a series"), text.getMessage());
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage();
    }

    @Test
    void badSeriesAreNamedOrCounted() throws IOException {
        List<Object[]> all = new ArrayList<>(vowels(60));
        List<double[]> ragged = new ArrayList<>();
        ragged.add(new double[12]);
        ragged.add(new double[11]);
        all.add(9, new Object[] {ragged, "3"});
        InputDataException fail = assertThrows(InputDataException.class, () -> small().fit(vectors(all)));
        assertTrue(fail.getMessage().contains("DataFrame row 10: step 2 has 11 values, step 1 has 12"), fail.getMessage());
        RnnClassificationModel skipped = small().setBadInput("skip").setValidationFraction(0).fit(vectors(all));
        assertEquals(1, skipped.summary().figure("input_skipped_records"), 0.0, skipped.summary().figures().toString());
        assertEquals(60, skipped.summary().figure("input_training_records"), 0.0);
    }
}
