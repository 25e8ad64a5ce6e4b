package dev.sparkrnn.ingest;

import static dev.sparkrnn.ingest.Fixtures.resource;
import static dev.sparkrnn.ingest.Fixtures.spark;
import static dev.sparkrnn.ingest.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Numeric series from .ts and CSV files. */
class SeriesReaderTest {
    @TempDir
    Path dir;

    static List<LabelledSeries> sorted(Checked<LabelledSeries> c) {
        return c.records().collect().stream().sorted(Comparator.comparing(LabelledSeries::source)).toList();
    }

    @Test
    void tsRoundTrip() {
        List<LabelledSeries> s = sorted(SeriesReader.read(spark(), resource("vowels.ts"), SeriesSpec.ts(), BadInputPolicy.FAIL));
        assertEquals(3, s.size());
        LabelledSeries a = s.get(0);
        assertEquals(2, a.channels());
        assertEquals(3, a.length());
        assertArrayEquals(new double[] {1, 10, 2, 20, 3, 30}, a.values(), "stored step by step");
        assertEquals("a", a.label());
        assertEquals(10, a.source().line());
        assertEquals(2, s.get(1).length());
        assertEquals("b", s.get(1).label());
        assertEquals(4, s.get(2).length());
        assertEquals(35, s.get(2).value(3, 1));
    }

    @Test
    void tsRowWithFewerChannelsThanTheHeaderIsAnError() {
        String file = resource("bad/truncated.ts");
        BadInputException e = assertThrows(BadInputException.class,
                () -> SeriesReader.read(spark(), file, SeriesSpec.ts(), BadInputPolicy.FAIL).records());
        assertTrue(e.getMessage().endsWith("truncated.ts line 7: expected 2 channels and a label separated by ':', "
                + "found 2 fields (a cut row?)"), e.getMessage());
        Checked<LabelledSeries> skip = SeriesReader.read(spark(), file, SeriesSpec.ts(), BadInputPolicy.SKIP);
        assertEquals(2, skip.records().count());
        assertEquals(1, skip.report(0).count(Defect.MALFORMED));
    }

    @Test
    void missingValuesFailOrAreSkippedByPolicy() {
        String file = resource("bad/missing.ts");
        BadInputException e = assertThrows(BadInputException.class,
                () -> SeriesReader.read(spark(), file, SeriesSpec.ts(), BadInputPolicy.FAIL).records());
        assertTrue(e.getMessage().endsWith("missing.ts line 7: missing value '?' at step 2"), e.getMessage());
        Checked<LabelledSeries> skip = SeriesReader.read(spark(), file, SeriesSpec.ts(), BadInputPolicy.SKIP);
        assertEquals(List.of(6L, 8L), sorted(skip).stream().map(x -> x.source().line()).toList());
        assertEquals(1, skip.report(0).count(Defect.MISSING_VALUE));
    }

    @Test
    void tsHeaderProblemsAreErrorsWhateverThePolicy() {
        String noData = write(dir, "nodata.ts", "@problemName X\n@classLabel true 1 2\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> SeriesReader.read(spark(), noData, SeriesSpec.ts(), BadInputPolicy.SKIP));
        assertTrue(e.getMessage().contains("nodata.ts: no @data line"), e.getMessage());
        String noLabels = write(dir, "nolabels.ts", "@classLabel false\n@data\n1,2,3\n");
        e = assertThrows(BadInputException.class, () -> SeriesReader.read(spark(), noLabels, SeriesSpec.ts(), BadInputPolicy.SKIP));
        assertTrue(e.getMessage().contains("nolabels.ts line 1: no class labels"), e.getMessage());
        String undeclared = write(dir, "undeclared.ts", "@classLabel true 1 2\n@data\n1,2:1\n1,2:3\n");
        e = assertThrows(BadInputException.class,
                () -> SeriesReader.read(spark(), undeclared, SeriesSpec.ts(), BadInputPolicy.FAIL).records());
        assertTrue(e.getMessage().endsWith("undeclared.ts line 4: label '3' is not declared in @classLabel [1, 2]"), e.getMessage());
    }

    @Test
    void csvOneSeriesPerRow() {
        List<LabelledSeries> s = sorted(SeriesReader.read(spark(), resource("series.csv"), SeriesSpec.csv(), BadInputPolicy.FAIL));
        assertEquals(3, s.size());
        assertArrayEquals(new double[] {0.1, 0.2, 0.3}, s.get(0).values());
        assertEquals("1", s.get(0).label());
        assertArrayEquals(new double[] {1, 2}, s.get(1).values(), "trailing empty cells are padding");
        assertArrayEquals(new double[] {5, 6, 7}, s.get(2).values(), "trailing NaN is padding");

        String last = write(dir, "last.tsv", "t1\tt2\tclass\n1\t2\tx\n\t3\ty\n");
        Checked<LabelledSeries> c = SeriesReader.read(spark(), last, new SeriesSpec(SeriesFormat.CSV, '\t', false, true),
                BadInputPolicy.SKIP);
        List<LabelledSeries> t = sorted(c);
        assertEquals(1, t.size());
        assertEquals("x", t.get(0).label());
        BadInputReport r = c.report(1);
        assertEquals(1, r.count(Defect.MISSING_VALUE));
        assertTrue(r.firstMessages().get(0).endsWith("last.tsv line 3: missing value '' at step 1"), r.toString());
    }
}
