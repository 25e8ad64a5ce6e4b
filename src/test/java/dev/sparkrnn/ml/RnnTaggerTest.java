package dev.sparkrnn.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.data.Vocabulary;
import dev.sparkrnn.infer.Labeller;
import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.task.InputDataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RnnTagger} and {@link RnnTaggingModel}, single and bidirectional, on sentences of the shipped UD treebank. */
class RnnTaggerTest {
    static final StructType TOKENS_TAGS = new StructType()
            .add("tokens", DataTypes.createArrayType(DataTypes.StringType))
            .add("tags", DataTypes.createArrayType(DataTypes.StringType));

    /** The first {@code n} sentences of the shipped English treebank as (tokens, UPOS tags). */
    static List<Row> sentences(int n) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> tokens = new ArrayList<>(), tags = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("jobs/data/ud-ewt-pos/en_ewt-ud-dev.conllu"), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                if (!tokens.isEmpty()) rows.add(RowFactory.create(tokens.toArray(String[]::new), tags.toArray(String[]::new)));
                tokens.clear();
                tags.clear();
                if (rows.size() == n) break;
                continue;
            }
            if (line.startsWith("#")) continue;
            String[] c = line.split("\t");
            if (c[0].contains("-") || c[0].contains(".")) continue;
            tokens.add(c[1]);
            tags.add(c[3]);
        }
        return rows;
    }

    static Dataset<Row> frame(List<Row> rows) {
        return RnnClassifierTest.spark().createDataFrame(rows, TOKENS_TAGS);
    }

    /** The rows with a boolean column {@code held}, true from row {@code from} on: the validation rows. */
    static Dataset<Row> heldOut(List<Row> rows, int from) {
        List<Row> marked = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) marked.add(RowFactory.create(rows.get(i).get(0), rows.get(i).get(1), i >= from));
        return RnnClassifierTest.spark().createDataFrame(marked, TOKENS_TAGS.add("held", DataTypes.BooleanType));
    }

    @Test
    void transformEqualsTaggingOneSentenceAtATimeSingleAndBidirectional(@TempDir Path tmp) throws IOException {
        List<Row> all = sentences(260);
        for (boolean bidirectional : new boolean[] {false, true}) {
            RnnTaggingModel model = new RnnTagger().setHidden(8).setEpochs(1).setSlices("2").setLowercase(true)
                    .setBidirectional(bidirectional).setLabelsMinCount(0).setValidationCol("held").setPartitions(2)
                    .fit(heldOut(all.subList(0, 200), 180));
            String dir = tmp.resolve("tagger-" + bidirectional).toString();
            model.write().save(dir);
            RnnTaggingModel loaded = RnnTaggingModel.load(dir);
            assertEquals(model.uid(), loaded.uid());
            StageParamsTest.checkParams(loaded);
            List<Row> test = new ArrayList<>(all.subList(200, 260));
            test.add(RowFactory.create(new String[0], new String[0]));   // no tokens: nulls
            List<Row> scored = loaded.setBatchSize(5).transform(frame(test).repartition(2)).collectAsList();
            assertEquals(test.size(), scored.size());
            SavedModel saved = model.savedModel();
            Labeller one = new Labeller(saved.network(), saved.params(), 1, 100, Precision.FLOAT64);
            Vocabulary words = Vocabulary.fromEntries(saved.metadata().vocabulary(), true);
            int checked = 0;
            for (Row r : scored) {
                List<String> tokens = r.getList(0);
                if (tokens.isEmpty()) {
                    assertTrue(r.isNullAt(2) && r.isNullAt(3));
                    continue;
                }
                List<String> lower = new ArrayList<>();
                for (String t : tokens) lower.add(t.toLowerCase(Locale.ROOT));
                Labeller.Labels l = one.label(List.of(words.encode(lower))).get(0);
                List<String> expected = new ArrayList<>();
                for (int c : l.classes()) expected.add(model.labels().get(c));
                assertEquals(expected, r.getList(2), String.join(" ", tokens));
                List<Double> p = r.getList(3);
                assertArrayEquals(l.probabilities(), p.stream().mapToDouble(Double::doubleValue).toArray(), 1e-12);
                checked++;
            }
            assertEquals(60, checked);
            assertEquals(20, model.summary().figure("input_validation_records"), 0.0, model.summary().figures().toString());
            assertTrue(model.summary().figure("validation_tag_accuracy") > 0, model.summary().figures().toString());
        }
    }

    @Test
    void aSentenceWithMoreTokensThanTagsIsNamed() throws IOException {
        List<Row> rows = new ArrayList<>(sentences(50));
        rows.add(12, RowFactory.create(new String[] {"a", "dog"}, new String[] {"DET"}));
        InputDataException e = assertThrows(InputDataException.class,
                () -> new RnnTagger().setHidden(4).setEpochs(1).setSlices("1").fit(frame(rows)));
        assertTrue(e.getMessage().contains("DataFrame row 13: 2 tokens but 1 tags"), e.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> new RnnTagger().fit(frame(rows).selectExpr("tokens", "'NOUN' AS tags")));
        assertTrue(type.getMessage().contains("column 'tags' holds the tags: it must be array<string>, not string"),
                type.getMessage());
    }
}
