package dev.sparkrnn.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.app.Main;
import dev.sparkrnn.infer.Decoder;
import dev.sparkrnn.ingest.PairEncoder;
import dev.sparkrnn.kernel.Decoded;
import dev.sparkrnn.kernel.EncoderDecoderNetwork;
import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.persist.ModelFiles;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.task.InputDataException;
import dev.sparkrnn.task.Seq2SeqTask;
import dev.sparkrnn.task.Trained;
import dev.sparkrnn.train.LocalSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RnnSeq2Seq} and {@link RnnSeq2SeqModel} on a real SparkSession: fit gives the command line's parameters
 * on the same pairs (and 1 partition gives 4's), transform decodes as decoding each source alone does (greedy
 * and beam search), the model saves and loads, and bad rows are named.
 */
class RnnSeq2SeqTest {
    static final StructType WORD_PHONEMES = new StructType().add("word", DataTypes.StringType)
            .add("phonemes", DataTypes.StringType);

    /** The first {@code n} headwords of the shipped dictionary without alternates, as (word, phonemes). */
    static List<Row> pairs(int n) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("jobs/data/cmudict-g2p/cmudict-train.dict"), StandardCharsets.UTF_8)) {
            if (line.startsWith(";;;") || line.contains("(")) continue;
            int space = line.indexOf(' ');
            String word = line.substring(0, space);
            if (!word.chars().allMatch(Character::isLetter)) continue;
            rows.add(RowFactory.create(word.toLowerCase(Locale.ROOT), line.substring(space + 1).strip()));
            if (rows.size() == n) break;
        }
        return rows;
    }

    static Dataset<Row> frame(List<Row> rows) {
        return RnnClassifierTest.spark().createDataFrame(rows, WORD_PHONEMES);
    }

    static RnnSeq2Seq small() {
        return new RnnSeq2Seq().setInputCol("word").setLabelCol("phonemes").setSourceUnit("char").setTargetUnit("space")
                .setSourceReverse(true).setHidden(12).setEpochs(1).setSlices("3").setBatchSize(16).setLearningRate(0.01)
                .setSeed(3).setDecodeMaxLength(12);
    }

    @Test
    void fitGivesTheCommandLinesParametersOnTheSamePairs(@TempDir Path tmp) throws IOException {
        List<Row> rows = pairs(300);
        RnnSeq2SeqModel four = small().setPartitions(4).fit(frame(rows));
        RnnSeq2SeqModel one = small().setPartitions(1).fit(frame(rows));
        double d = RnnClassifierTest.relativeDifference(four.savedModel().params(), one.savedModel().params());
        assertTrue(d <= 1e-9, "1 vs 4 partitions differ by " + d);
        assertEquals(3, four.summary().history().size());
        assertTrue(four.summary().figure("validation_phoneme_error_rate") >= 0
                || four.summary().figure("validation_token_error_rate") >= 0, four.summary().figures().toString());
        StageParamsTest.checkParams(four);

        List<String> lines = new ArrayList<>();
        for (Row r : rows) lines.add(r.getString(0) + "\t" + r.getString(1));
        Path file = tmp.resolve("pairs.tsv");
        Files.write(file, lines, StandardCharsets.UTF_8);
        LocalSpark.stop();   // the command line starts and stops its own session
        Path out = tmp.resolve("cli");
        int exit = Main.run(new String[] {"train", "--set", "task=seq2seq", "--set", "master=local[2]",
                "--set", "input=" + file.toUri(), "--set", "input.format=pairs", "--set", "source.unit=char",
                "--set", "target.unit=space", "--set", "source.reverse=true", "--set", "output=" + out.toUri(),
                "--set", "hidden=12", "--set", "train.epochs=1", "--set", "train.slices=3", "--set", "train.batch=16",
                "--set", "lr=0.01", "--set", "seed=3", "--set", "decode.max.length=12", "--set", "partitions=4"});
        assertEquals(0, exit);
        SavedModel cli = ModelFiles.read(new Configuration(), out.resolve("models/v0001").toUri().toString());
        assertEquals(cli.metadata().sourceVocabulary(), four.savedModel().metadata().sourceVocabulary());
        assertEquals(cli.metadata().vocabulary(), four.savedModel().metadata().vocabulary());
        assertArrayEquals(cli.params(), four.savedModel().params(), 0.0, "fit and train differ");
    }

    @Test
    void transformEqualsDecodingOneSourceAtATimeGreedyAndBeam(@TempDir Path tmp) throws IOException {
        List<Row> all = pairs(260);
        RnnSeq2SeqModel fitted = small().setEpochs(2).setPartitions(2).fit(frame(all.subList(0, 200)));
        String dir = tmp.resolve("g2p").toString();
        fitted.write().save(dir);
        RnnSeq2SeqModel model = RnnSeq2SeqModel.load(dir);
        assertEquals(fitted.uid(), model.uid());
        assertEquals("word", model.getInputCol());
        List<Row> test = new ArrayList<>(all.subList(200, 260));
        test.add(RowFactory.create("   ", "X"));     // no source character: nulls
        test.add(RowFactory.create(null, "X"));
        SavedModel saved = model.savedModel();
        PairEncoder enc = Seq2SeqTask.encoder(saved, Trained.settings(saved));
        for (int beam : new int[] {1, 3}) {
            List<Row> scored = model.setBeam(beam).setBatchSize(5).transform(frame(test).repartition(3)).collectAsList();
            assertEquals(test.size(), scored.size());
            Decoder alone = new Decoder((EncoderDecoderNetwork) saved.network(), saved.params(), true, beam, 12, 1,
                    Precision.of(model.getPrecision()));
            int checked = 0;
            for (Row r : scored) {
                if (r.isNullAt(0) || r.getString(0).isBlank()) {
                    assertTrue(r.isNullAt(2) && r.isNullAt(3) && r.isNullAt(4), r.toString());
                    continue;
                }
                Decoded one = alone.decode(enc.encodeSource(r.getString(0)));
                String what = r.getString(0) + ", beam " + beam;
                assertEquals(enc.decode(one.tokens()), r.getString(2), what);
                assertEquals(Math.exp(one.logProbability()), r.getDouble(3), 1e-12, what);
                assertEquals(one.logProbability(), r.getDouble(4), 1e-12, what);
                checked++;
            }
            assertEquals(60, checked);
        }
        // tokens in, the same predictions out
        Dataset<Row> letters = frame(test.subList(0, 20)).selectExpr("split(word, '') AS word");
        List<Row> fromTokens = model.setBeam(1).transform(letters).select("prediction").collectAsList();
        List<Row> fromText = model.transform(frame(test.subList(0, 20))).select("prediction").collectAsList();
        assertEquals(fromText, fromTokens);
        StageParamsTest.checkParams(model);
    }

    @Test
    void badRowsAreNamedOrCounted() throws IOException {
        List<Row> rows = new ArrayList<>(pairs(80));
        rows.add(12, RowFactory.create("apple", " "));
        rows.add(30, RowFactory.create(null, "AE1 P AH0 L"));
        InputDataException fail = assertThrows(InputDataException.class, () -> small().fit(frame(rows)));
        assertTrue(fail.getMessage().contains("DataFrame row 13: empty target"), fail.getMessage());
        RnnSeq2SeqModel skipped = small().setBadInput("skip").setValidationFraction(0).fit(frame(rows));
        assertEquals(80, skipped.summary().figure("input_training_records"), 0.0, skipped.summary().figures().toString());
        assertEquals(2, skipped.summary().figure("input_skipped_records"), 0.0, skipped.summary().figures().toString());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> small().fit(frame(rows).selectExpr("length(word) AS word", "phonemes")));
        assertTrue(type.getMessage().contains("column 'word'") && type.getMessage().contains("not int"), type.getMessage());
        assertThrows(IllegalArgumentException.class, () -> small().setSourceUnit("byte"));
        assertThrows(IllegalArgumentException.class, () -> small().setBeam(0));
        assertTrue(Arrays.asList(skipped.params()).contains(skipped.beam()));
    }
}
