package dev.sparkrnn.ingest;

import static dev.sparkrnn.ingest.Fixtures.resource;
import static dev.sparkrnn.ingest.Fixtures.spark;
import static dev.sparkrnn.ingest.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labelled sentences from TAB lines, CSV, JSON lines and Parquet, with their file and line (or row). */
class SentenceReaderTest {
    @TempDir
    java.nio.file.Path dir;

    static List<LabelledSentence> sorted(Checked<LabelledSentence> c) {
        return c.records().collect().stream().sorted(Comparator.comparing(LabelledSentence::source)).toList();
    }

    @Test
    void tabLinesRoundTrip() {
        String file = resource("sentiment.txt");
        List<LabelledSentence> s = sorted(SentenceReader.read(spark(), file, SentenceSpec.tab(), BadInputPolicy.FAIL));
        assertEquals(4, s.size(), "the blank line 3 is not a record");
        assertEquals(List.of("great", "phone", "i", "can't", "complain"), s.get(0).tokens());
        assertEquals("1", s.get(0).label());
        assertEquals(List.of("it's", "rock'n'roll", "10", "10"), s.get(2).tokens());
        assertEquals(List.of("not", "good", "at", "all"), s.get(3).tokens());
        assertEquals(List.of(1L, 2L, 4L, 5L), s.stream().map(x -> x.source().line()).toList());
        assertTrue(s.get(3).source().where().endsWith("sentiment.txt line 5"), s.get(3).source().where());
        assertEquals(RecordIds.of(0, 5, 0), s.get(3).source().id());
    }

    @Test
    void directoriesAndGlobsListFilesInPathOrder() {
        write(dir, "b.txt", "second file\t1\n");
        write(dir, "a.txt", "first file\t0\nagain\t0\n");
        write(dir, "_SUCCESS", "");
        write(dir, ".a.txt.crc", "x");
        List<LabelledSentence> all = sorted(SentenceReader.read(spark(), dir.toString(), SentenceSpec.tab(), BadInputPolicy.FAIL));
        assertEquals(List.of("a.txt", "a.txt", "b.txt"), all.stream().map(x -> new Path(x.source().file()).getName()).toList());
        assertEquals(List.of(0, 0, 1), all.stream().map(x -> x.source().fileIndex()).toList());
        List<LabelledSentence> glob = sorted(SentenceReader.read(spark(), dir + "/b*.txt", SentenceSpec.tab(), BadInputPolicy.FAIL));
        assertEquals(1, glob.size());
        BadInputException none = assertThrows(BadInputException.class,
                () -> SentenceReader.read(spark(), dir + "/nothing*.txt", SentenceSpec.tab(), BadInputPolicy.FAIL));
        assertTrue(none.getMessage().contains("no input files match"), none.getMessage());
    }

    @Test
    void lineNumbersDoNotDependOnSplits() {
        String text = IntStream.rangeClosed(1, 300).mapToObj(i -> "sentence number " + i + "\t" + (i % 2))
                .collect(Collectors.joining("\n", "", "\n"));
        String file = write(dir, "many.txt", text);
        List<Path> files = InputFiles.list(Fixtures.sc().hadoopConfiguration(), file);
        TextLines one = TextLines.read(Fixtures.sc(), files, BadInputPolicy.FAIL, 0);
        TextLines many = TextLines.read(Fixtures.sc(), files, BadInputPolicy.FAIL, 200);
        assertEquals(1, one.lines().getNumPartitions());
        assertTrue(many.lines().getNumPartitions() > 10, "partitions: " + many.lines().getNumPartitions());
        List<String> expected = one.lines().map(l -> l.source().line() + ":" + l.text()).collect();
        assertEquals(expected, many.lines().map(l -> l.source().line() + ":" + l.text()).collect());
        assertEquals("300:sentence number 300\t0", expected.get(299));
    }

    @Test
    void csvWithHeaderRoundTripAndRowNumbersDoNotDependOnPartitions() {
        StringBuilder sb = new StringBuilder("id,review,stars\n");
        for (int i = 1; i <= 200; i++) sb.append(i).append(",\"Review ").append(i).append(", quoted\",").append(i % 3).append('\n');
        String file = write(dir, "reviews.csv", sb.toString());
        SentenceSpec spec = new SentenceSpec(SentenceFormat.CSV, "review", "stars");
        SparkSession spark = spark();
        List<LabelledSentence> s = sorted(SentenceReader.read(spark, file, spec, BadInputPolicy.FAIL));
        assertEquals(200, s.size());
        assertEquals(List.of("review", "17", "quoted"), s.get(16).tokens());
        assertEquals("2", s.get(16).label());
        assertEquals(17, s.get(16).source().line());
        assertTrue(s.get(16).source().where().endsWith("reviews.csv row 17"), s.get(16).source().where());

        spark.conf().set("spark.sql.files.maxPartitionBytes", "300");
        spark.conf().set("spark.sql.files.openCostInBytes", "1");
        try {
            Checked<LabelledSentence> small = SentenceReader.read(spark, file, spec, BadInputPolicy.FAIL);
            assertTrue(small.all().getNumPartitions() > 5, "partitions: " + small.all().getNumPartitions());
            List<LabelledSentence> t = sorted(small);
            assertEquals(s.stream().map(x -> x.source().line() + x.tokens().toString()).toList(),
                    t.stream().map(x -> x.source().line() + x.tokens().toString()).toList());
        } finally {
            spark.conf().unset("spark.sql.files.maxPartitionBytes");
            spark.conf().unset("spark.sql.files.openCostInBytes");
        }
    }

    @Test
    void jsonLinesRoundTripAndMalformedLine() {
        String file = write(dir, "reviews.jsonl", "{\"text\": \"Loved it\", \"y\": 1}\n"
                + "{\"text\": \"Hated it\", \"y\": \"0\"}\n"
                + "{\"text\": \"broken\n"
                + "{\"y\": 1}\n");
        SentenceSpec spec = new SentenceSpec(SentenceFormat.JSON, "text", "y");
        Checked<LabelledSentence> c = SentenceReader.read(spark(), file, spec, BadInputPolicy.SKIP);
        List<LabelledSentence> s = sorted(c);
        assertEquals(2, s.size());
        assertEquals(List.of("loved", "it"), s.get(0).tokens());
        assertEquals("1", s.get(0).label());
        assertEquals("0", s.get(1).label());
        BadInputReport report = c.report(5);
        assertEquals(2, report.count(Defect.MALFORMED), report.toString());
        assertTrue(report.firstMessages().get(0).endsWith("reviews.jsonl row 3: not a JSON object: '{\"text\": \"broken'"),
                report.toString());
        assertTrue(report.firstMessages().get(1).endsWith("row 4: no text"), report.toString());
        BadInputException e = assertThrows(BadInputException.class,
                () -> SentenceReader.read(spark(), file, spec, BadInputPolicy.FAIL).records());
        assertTrue(e.getMessage().endsWith("reviews.jsonl row 3: not a JSON object: '{\"text\": \"broken'"), e.getMessage());
    }

    @Test
    void parquetRoundTripAndMissingColumn() {
        SparkSession spark = spark();
        StructType schema = new StructType().add("sentence", DataTypes.StringType).add("label", DataTypes.IntegerType);
        Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create("One good thing", 1),
                RowFactory.create("Two bad things", 0), RowFactory.create("Three", 1)), schema).coalesce(1);
        String out = dir.resolve("table.parquet").toString();
        df.write().parquet(out);
        List<LabelledSentence> s = sorted(SentenceReader.read(spark, out,
                new SentenceSpec(SentenceFormat.PARQUET, "sentence", "label"), BadInputPolicy.FAIL));
        assertEquals(List.of("one good thing:1", "two bad things:0", "three:1"),
                s.stream().map(x -> String.join(" ", x.tokens()) + ":" + x.label()).toList());
        assertEquals(List.of(1L, 2L, 3L), s.stream().map(x -> x.source().line()).toList());

        BadInputException e = assertThrows(BadInputException.class, () -> SentenceReader.read(spark, out,
                new SentenceSpec(SentenceFormat.PARQUET, "text", "label"), BadInputPolicy.FAIL));
        assertTrue(e.getMessage().contains("no column 'text' (columns: sentence, label)"), e.getMessage());
    }
}
