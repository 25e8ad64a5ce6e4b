package dev.sparkrnn.ingest;

import static dev.sparkrnn.ingest.Fixtures.spark;
import static dev.sparkrnn.ingest.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Normalization;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vector sources ({@code source.unit = vector}): numbers separated by commas and/or white space, bad vectors
 * reported by file and line, D from the first training record, features standardized with the training part's
 * mean and std.
 */
class PairVectorTest {
    @TempDir
    Path dir;

    static final PairSpec SPEC = PairSpec.tab(PairUnit.VECTOR, PairUnit.WORD, false);
    static final LengthLimit NONE = LengthLimit.none();

    /** Lines 1, 2, 3 and 11 are good; line 4 has two numbers where the first line has three; 5 to 10 are not vectors. */
    static final String DATA = """
            0.5, 1.2 -3\tlow small
            1,2,3\thigh large
             -1 .5  2e1 \thigh large\tattribution
            1, 2\tlow small
            1, NaN, 3\tlow
            1 abc 3\tlow
            1,,3\tlow
             \tlow
            1 inf 2\tlow
            1 2 1e999\tlow
            4\u00A0,5 , +6\thigh
            """;

    @Test
    void commasSpacesAndBoth() {
        assertEquals(List.of("0.5", "1.2", "-3"), PairUnit.VECTOR.tokens(" 0.5, 1.2 -3 ", false));
        assertEquals(List.of("1", "2", "3"), PairUnit.VECTOR.tokens("1,2 ,\u00A03", false), "a comma with white space around");
        assertEquals(List.of("1", "", "3"), PairUnit.VECTOR.tokens("1, ,3", false), "two commas: an empty field");
        assertEquals(List.of(), PairUnit.VECTOR.tokens(" \u00A0", false));
        assertEquals("0.5, 1.2, -3", PairUnit.VECTOR.join(List.of("0.5", "1.2", "-3")));
        assertArrayEquals(new double[] {0.5, -0.001, 20, 3}, FeatureVector.values(List.of(".5", "-1e-3", "2E1", "+3.")));
        for (String bad : new String[] {"NaN", "inf", "-Infinity", "abc", "0x10", "1d", "1e999", "1,5"}) {
            assertThrows(IllegalArgumentException.class, () -> FeatureVector.values(List.of("1", bad)), bad);
        }
        assertEquals(PairUnit.VECTOR, PairUnit.parse("vector"));
        assertThrows(IllegalArgumentException.class, () -> PairSpec.tab(PairUnit.CHAR, PairUnit.VECTOR, false),
                "a target is tokens");
    }

    @Test
    void badVectorsAreProblemsNamedByFileAndLine() {
        String file = write(dir, "vectors.txt", DATA);
        BadInputException e = assertThrows(BadInputException.class,
                () -> PairReader.read(spark(), file, SPEC, BadInputPolicy.FAIL).records());
        assertTrue(e.getMessage().endsWith("vectors.txt line 5: expected a finite number as feature 2 of the source vector,"
                + " found 'NaN'"), e.getMessage());
        assertEquals(Defect.MALFORMED, e.problem().defect());

        Checked<SequencePair> skip = PairReader.read(spark(), file, SPEC, BadInputPolicy.SKIP);
        PairEncoder enc = PairEncoder.fit(skip, SPEC, 1, 0, 1e-6, NONE);
        assertTrue(enc.vectorSource());
        assertEquals(3, enc.sourceSize(), "D of the first line");
        assertEquals(List.of("<unk>", "<s>", "</s>", "high", "large", "low", "small"), enc.targetVocabulary().entries());
        Checked<EncodedSequence> encoded = enc.encode(skip);
        List<EncodedSequence> s = EncodingTest.byId(encoded);
        assertEquals(List.of(1L, 2L, 3L, 11L), s.stream().map(r -> RecordIds.line(r.id)).toList());
        BadInputReport r = encoded.report(10);
        assertEquals(7, r.count(Defect.MALFORMED), r.toString());
        assertEquals(7, r.total(), r.toString());
        List<String> m = r.firstMessages();
        assertTrue(m.get(0).endsWith("line 4: expected a source vector of 3 numbers (as in training), found 2"), r.toString());
        assertTrue(m.get(1).endsWith("line 5: expected a finite number as feature 2 of the source vector, found 'NaN'"), r.toString());
        assertTrue(m.get(2).endsWith("line 6: expected a finite number as feature 2 of the source vector, found 'abc'"), r.toString());
        assertTrue(m.get(3).endsWith("line 7: expected a number as feature 2 of the source vector, found nothing between"
                + " separators"), r.toString());
        assertTrue(m.get(4).endsWith("line 8: empty source vector"), r.toString());
        assertTrue(m.get(5).endsWith("line 9: expected a finite number as feature 2 of the source vector, found 'inf'"), r.toString());
        assertTrue(m.get(6).endsWith("line 10: expected a finite number as feature 3 of the source vector, found '1e999'"),
                r.toString());

        // one dense step of D standardized features; the decoder reads <s> low small
        double[][] x = {{0.5, 1.2, -3}, {1, 2, 3}, {-1, 0.5, 20}, {4, 5, 6}};
        Normalization n = enc.normalization();
        for (int i = 0; i < 4; i++) {
            EncodedSequence e1 = s.get(i);
            assertEquals(1, e1.sourceLength);
            assertArrayEquals(n.apply(x[i]), e1.sourceFeatures, 1e-12);
        }
        assertEquals((0.5 + 1 - 1 + 4) / 4, n.mean()[0], 1e-12);
        assertArrayEquals(new int[] {1, 5, 6}, s.get(0).tokens);
        assertEquals("low small", enc.decode(s.get(0).targetTokens()));
        assertArrayEquals(n.apply(new double[] {1, 2, 3}), enc.encodeVector(" 1 2, 3"), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> enc.encodeVector("1 2"));
        assertThrows(IllegalArgumentException.class, () -> enc.encodeVector("1 2 x"));
        assertThrows(IllegalStateException.class, () -> enc.encodeSource("1 2 3"));
    }

    @Test
    void theFirstLineFixesTheNumberOfFeatures() {
        String file = write(dir, "two.txt", "1 2\ta\n1 2 3\tb\n3 4\ta\n");
        Checked<SequencePair> fail = PairReader.read(spark(), file, SPEC, BadInputPolicy.FAIL);
        PairEncoder enc = PairEncoder.fit(fail, SPEC, 1, 0, 1e-6, NONE);
        assertEquals(2, enc.sourceSize());
        BadInputException e = assertThrows(BadInputException.class, () -> enc.encode(fail).records());
        assertTrue(e.getMessage().endsWith("two.txt line 2: expected a source vector of 2 numbers (as in training), found 3"),
                e.getMessage());
        assertEquals(Defect.MALFORMED, e.problem().defect());
        assertArrayEquals(new double[] {2, 3}, enc.normalization().mean(), "line 2 is not in the normalization");
    }

    @Test
    void featuresAreStandardizedWithTheTrainingPartOnly() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            sb.append(i).append(", 7, ").append(i % 2 == 0 ? -i : i * 0.5).append('\t').append(i < 100 ? "a" : "b").append('\n');
        }
        Checked<SequencePair> all = PairReader.read(spark(), write(dir, "many.txt", sb.toString()), SPEC, BadInputPolicy.FAIL);
        Checked<SequencePair> train = HoldOut.partByGroup(all, SequencePair::group, 0.3, 5, false);
        Checked<SequencePair> val = HoldOut.partByGroup(all, SequencePair::group, 0.3, 5, true);
        PairEncoder enc = PairEncoder.fit(train, SPEC, 1, 0, 0.01, NONE);

        List<double[]> t = train.records().map(p -> FeatureVector.values(p.sourceTokens())).collect();
        assertTrue(t.size() > 100 && t.size() < 180, "training part " + t.size());
        double mean = t.stream().mapToDouble(v -> v[0]).average().orElseThrow();
        double var = t.stream().mapToDouble(v -> (v[0] - mean) * (v[0] - mean)).average().orElseThrow();
        Normalization n = enc.normalization();
        assertEquals(mean, n.mean()[0], 1e-9);
        assertEquals(Math.sqrt(var), n.std()[0], 1e-9);
        assertTrue(Math.abs(n.mean()[0] - 99.5) > 1e-6, "not the mean of all 200 lines");
        assertEquals(7, n.mean()[1], 1e-12);
        assertEquals(0.01, n.std()[1], "a constant feature is divided by the std floor");

        List<SequencePair> v = val.records().collect();
        for (EncodedSequence e : EncodingTest.byId(enc.encode(val))) {
            SequencePair p = v.stream().filter(q -> q.source().id() == e.id).findFirst().orElseThrow();
            double x0 = Double.parseDouble(p.sourceTokens().get(0));
            assertEquals((x0 - n.mean()[0]) / n.std()[0], e.sourceFeatures[0], 1e-12, "validation uses the training part's");
            assertEquals(0, e.sourceFeatures[1], 1e-12);
        }
    }
}
