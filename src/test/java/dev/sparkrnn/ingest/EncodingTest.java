package dev.sparkrnn.ingest;

import static dev.sparkrnn.ingest.Fixtures.resource;
import static dev.sparkrnn.ingest.Fixtures.spark;
import static dev.sparkrnn.ingest.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Normalization;
import dev.sparkrnn.data.Vocabulary;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vocabularies, label dictionaries and normalization from training data; encoding of training and validation data. */
class EncodingTest {
    @TempDir
    Path dir;

    static List<EncodedSequence> byId(Checked<EncodedSequence> c) {
        return c.records().collect().stream().sorted(Comparator.comparingLong(s -> s.id)).toList();
    }

    @Test
    void classificationWithUnknownWordsAndUnseenLabels() {
        String train = write(dir, "train.txt", "good good phone\t1\nbad phone\t0\ngood\t1\n");
        SentenceEncoder enc = SentenceEncoder.fit(SentenceReader.read(spark(), train, SentenceSpec.tab(), BadInputPolicy.FAIL),
                2, 0, LengthLimit.none());
        assertEquals(List.of("<unk>", "good", "phone"), enc.words().entries(), "bad (count 1) is below min count 2");
        assertEquals(List.of("0", "1"), enc.labels().entries());

        List<EncodedSequence> t = byId(enc.encode(SentenceReader.read(spark(), train, SentenceSpec.tab(), BadInputPolicy.FAIL)));
        assertArrayEquals(new int[] {1, 1, 2}, t.get(0).tokens);
        assertArrayEquals(new int[] {1}, t.get(0).classes);
        assertArrayEquals(new int[] {0, 2}, t.get(1).tokens, "bad -> <unk>");
        assertArrayEquals(new int[] {0}, t.get(1).classes);
        assertEquals(RecordIds.of(0, 3, 0), t.get(2).id);

        String valid = resource("bad/mislabelled.txt");
        BadInputException e = assertThrows(BadInputException.class,
                () -> enc.encode(SentenceReader.read(spark(), valid, SentenceSpec.tab(), BadInputPolicy.FAIL)).records());
        assertTrue(e.getMessage().endsWith("mislabelled.txt line 3: label 'neutral' is not one of the model's labels (0, 1)"),
                e.getMessage());
        Checked<EncodedSequence> skip = enc.encode(SentenceReader.read(spark(), valid, SentenceSpec.tab(), BadInputPolicy.SKIP));
        assertEquals(3, skip.records().count());
        assertEquals(1, skip.report(0).count(Defect.UNSEEN_LABEL));
    }

    @Test
    void overLongSentencesAreSplitOrTruncated() {
        String train = write(dir, "long.txt", "a b c d e f g\t1\nshort\t0\n");
        Checked<LabelledSentence> data = SentenceReader.read(spark(), train, SentenceSpec.tab(), BadInputPolicy.FAIL);
        SentenceEncoder split = SentenceEncoder.fit(data, 1, 0, new LengthLimit(3, LengthLimit.Overflow.SPLIT));
        List<EncodedSequence> s = byId(split.encode(data));
        assertEquals(List.of(3, 3, 1, 1), s.stream().map(x -> x.length).toList());
        assertEquals(List.of(0, 1, 2, 0), s.stream().map(x -> RecordIds.piece(x.id)).toList());
        assertEquals(List.of(1L, 1L, 1L, 2L), s.stream().map(x -> RecordIds.line(x.id)).toList());
        assertEquals(Set.of(1), new HashSet<>(s.subList(0, 3).stream().map(x -> x.classes[0]).toList()));
        assertEquals(split.words().index("g"), s.get(2).tokens[0]);

        SentenceEncoder cut = new SentenceEncoder(split.words(), split.labels(), new LengthLimit(3, LengthLimit.Overflow.TRUNCATE));
        List<EncodedSequence> c = byId(cut.encode(data));
        assertEquals(List.of(3, 1), c.stream().map(x -> x.length).toList());
        assertArrayEquals(new int[] {split.words().index("a"), split.words().index("b"), split.words().index("c")}, c.get(0).tokens);
    }

    @Test
    void taggingSplitsTagsAlongAndNamesUnseenTags() {
        Checked<TaggedSentence> train = TagReader.read(spark(), resource("tiny.conllu"), TagSpec.conllu(), BadInputPolicy.FAIL);
        TagEncoder enc = TagEncoder.fit(train, 1, 0, new LengthLimit(2, LengthLimit.Overflow.SPLIT));
        assertEquals(List.of("AUX", "INTJ", "PART", "PRON", "PUNCT", "VERB"), enc.tags().entries());
        List<EncodedSequence> s = byId(enc.encode(train));
        assertEquals(List.of(2, 2, 1, 1, 2), s.stream().map(x -> x.length).toList());
        assertArrayEquals(new int[] {enc.tags().index("PRON"), enc.tags().index("AUX")}, s.get(0).classes);
        assertArrayEquals(new int[] {enc.words().index("I"), enc.words().index("ca")}, s.get(0).tokens);

        String valid = write(dir, "valid.conll", "I\tPRON\nran\tVERB\n\nwow\tX\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> enc.encode(TagReader.read(spark(), valid, TagSpec.conll(), BadInputPolicy.FAIL)).records());
        assertTrue(e.getMessage().endsWith("valid.conll line 4: tag 'X' of token 1 ('wow') is not one of the model's tags"), e.getMessage());
        List<EncodedSequence> v = byId(enc.encode(TagReader.read(spark(), valid, TagSpec.conll(), BadInputPolicy.SKIP)));
        assertEquals(1, v.size());
        assertArrayEquals(new int[] {enc.words().index("I"), 0}, v.get(0).tokens, "ran -> <unk>");
    }

    @Test
    void seriesAreNormalizedWithTrainingStatistics() {
        Checked<LabelledSeries> train = SeriesReader.read(spark(), resource("vowels.ts"), SeriesSpec.ts(), BadInputPolicy.FAIL);
        SeriesEncoder enc = SeriesEncoder.fit(train, 1e-6, LengthLimit.none());
        // channel 0: 1 2 3 4 5 0.5 1.5 2.5 3.5 (9 steps); channel 1: ten times that
        double[] x0 = {1, 2, 3, 4, 5, 0.5, 1.5, 2.5, 3.5};
        double mean = 0;
        for (double v : x0) mean += v / x0.length;
        double var = 0;
        for (double v : x0) var += (v - mean) * (v - mean) / x0.length;
        Normalization n = enc.normalization();
        assertArrayEquals(new double[] {mean, 10 * mean}, n.mean(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(var), 10 * Math.sqrt(var)}, n.std(), 1e-12);
        assertEquals(Vocabulary.labels(List.of("a", "b")), enc.labels());

        List<EncodedSequence> s = byId(enc.encode(train));
        assertEquals(3, s.size());
        EncodedSequence a = s.get(0);
        assertEquals(3, a.length);
        assertEquals(6, a.features.length);
        assertEquals((1 - mean) / Math.sqrt(var), a.features[0], 1e-12);
        assertEquals((10 - 10 * mean) / (10 * Math.sqrt(var)), a.features[1], 1e-12);
        assertArrayEquals(new int[] {0}, a.classes);
        assertArrayEquals(new int[] {1}, s.get(1).classes);

        SeriesEncoder split = new SeriesEncoder(enc.labels(), n, new LengthLimit(3, LengthLimit.Overflow.SPLIT));
        List<EncodedSequence> p = byId(split.encode(train));
        assertEquals(List.of(3, 2, 3, 1), p.stream().map(x -> x.length).toList());
        assertEquals(s.get(2).features[6], p.get(3).features[0], 0, "the last piece starts at step 4");

        String valid = write(dir, "one.ts", "@dimensions 1\n@classLabel true a c\n@data\n1,2:a\n3,4:c\n");
        Checked<EncodedSequence> skip = enc.encode(SeriesReader.read(spark(), valid, SeriesSpec.ts(), BadInputPolicy.SKIP));
        BadInputReport r = skip.report(2);
        assertEquals(1, r.count(Defect.MALFORMED));
        assertEquals(1, r.count(Defect.UNSEEN_LABEL));
        assertTrue(r.firstMessages().get(0).endsWith("one.ts line 4: expected 2 channels (as in training), found 1"), r.toString());
    }

    @Test
    void holdOutIsReproducibleAndDisjoint() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) sb.append("sentence ").append(i).append('\t').append(i % 2).append('\n');
        sb.append("no tab\n");
        Checked<LabelledSentence> all = SentenceReader.read(spark(), write(dir, "all.txt", sb.toString()), SentenceSpec.tab(),
                BadInputPolicy.SKIP);
        List<Long> valid = HoldOut.part(all, 0.25, 7, true).records().map(s -> s.source().line()).collect();
        List<Long> train = HoldOut.part(all, 0.25, 7, false).records().map(s -> s.source().line()).collect();
        assertEquals(200, valid.size() + train.size());
        assertTrue(valid.size() > 25 && valid.size() < 75, "validation size " + valid.size());
        Set<Long> both = new HashSet<>(valid);
        both.retainAll(train);
        assertTrue(both.isEmpty());
        assertEquals(valid, HoldOut.part(all, 0.25, 7, true).records().map(s -> s.source().line()).collect());
        assertEquals(1, HoldOut.part(all, 0.25, 7, true).report(0).total() + HoldOut.part(all, 0.25, 7, false).report(0).total());
    }
}
