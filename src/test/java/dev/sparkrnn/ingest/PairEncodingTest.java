package dev.sparkrnn.ingest;

import static dev.sparkrnn.ingest.Fixtures.spark;
import static dev.sparkrnn.ingest.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Vocabulary;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Source and target vocabularies, teacher-forcing sequences, over-long pairs, decoding and the split by group. */
class PairEncodingTest {
    @TempDir
    Path dir;

    static final LengthLimit NONE = LengthLimit.none();

    @Test
    void vocabulariesAndTeacherForcing() {
        String file = write(dir, "words.dict", "ab AE1 B\nba B AE1\nab(2) EY1 B IY1\n");
        Checked<SequencePair> data = PairReader.read(spark(), file, PairSpec.cmudict(), BadInputPolicy.FAIL);
        PairEncoder enc = PairEncoder.fit(data, PairSpec.cmudict(), 1, 0, NONE);
        assertEquals(List.of("<unk>", "a", "b"), enc.sourceVocabulary().entries());
        assertEquals(List.of("<unk>", "<s>", "</s>", "B", "AE1", "EY1", "IY1"), enc.targetVocabulary().entries(),
                "markers at 0, 1, 2, then phonemes by count");
        assertEquals(1, enc.start());
        assertEquals(2, enc.end());
        assertEquals(1, enc.targetVocabulary().index(Vocabulary.START));
        assertEquals(List.of("<unk>", "<s>", "</s>", "B", "AE1"),
                PairEncoder.fit(data, PairSpec.cmudict(), 1, 5, NONE).targetVocabulary().entries(), "at most 5 entries");
        assertThrows(IllegalArgumentException.class, () -> PairEncoder.fit(data, PairSpec.cmudict(), 1, 3, NONE));

        List<EncodedSequence> s = EncodingTest.byId(enc.encode(data));
        EncodedSequence ab = s.get(0);
        assertEquals(RecordIds.of(0, 1, 0), ab.id);
        assertArrayEquals(new int[] {1, 2}, ab.sourceTokens);
        assertArrayEquals(new int[] {1, 4, 3}, ab.tokens, "decoder input <s> AE1 B");
        assertArrayEquals(new int[] {4, 3, 2}, ab.classes, "decoder targets AE1 B </s>");
        assertArrayEquals(new int[] {1, 2}, s.get(2).sourceTokens, "ab(2) reads ab");
        assertArrayEquals(new int[] {1, 5, 3, 6}, s.get(2).tokens);

        assertEquals("AE1 B", enc.decode(ab.targetTokens()));
        assertEquals("AE1 B", enc.decode(ab.tokens), "<s> left out");
        assertEquals("AE1 B", enc.decode(new int[] {4, 3, 2, 5, 5}), "stops at </s>");
        assertEquals("<unk> B", enc.decode(new int[] {0, 3}));
        assertArrayEquals(new int[] {2, 1}, enc.encodeSource("BA"), "lowercased like the training words");
        assertArrayEquals(new int[] {1, 2, 0}, enc.encodeSource("abz"), "z is unknown");
        assertThrows(IllegalArgumentException.class, () -> enc.encodeSource(" \t"));
    }

    @Test
    void overLongPairsAreProblemsNotCut() {
        String file = write(dir, "words.dict", "ab AE1 B\nabc AE1 B K\nabcd AE1 B\n");
        for (LengthLimit.Overflow o : LengthLimit.Overflow.values()) {
            LengthLimit limit = new LengthLimit(3, o);
            PairEncoder enc = PairEncoder.fit(PairReader.read(spark(), file, PairSpec.cmudict(), BadInputPolicy.FAIL),
                    PairSpec.cmudict(), 1, 0, limit);
            BadInputException e = assertThrows(BadInputException.class,
                    () -> enc.encode(PairReader.read(spark(), file, PairSpec.cmudict(), BadInputPolicy.FAIL)).records());
            assertTrue(e.getMessage().endsWith("words.dict line 3: source of 4 tokens is longer than max.length 3"), e.getMessage());
            assertEquals(Defect.TOO_LONG, e.problem().defect());

            Checked<EncodedSequence> skip = enc.encode(PairReader.read(spark(), file, PairSpec.cmudict(), BadInputPolicy.SKIP));
            List<EncodedSequence> s = EncodingTest.byId(skip);
            assertEquals(2, s.size(), o + ": a target of 3 tokens fits");
            assertEquals(4, s.get(1).length, "<s> AE1 B K, not cut");
            assertEquals(1, skip.report(0).count(Defect.TOO_LONG));
            assertTrue(skip.report(0).toString().contains("longer than max.length: 1"), skip.report(0).toString());
        }
    }

    @Test
    void hindiCharactersRoundTrip() {
        String file = write(dir, "hin.txt", """
                Wow!\tवाह!\tattribution
                I'm reading a book.\tमैं किताब प\u095D  रही हूँ।
                Where is the tavern?\tशराबख़ाना कहाँ है?
                I don't watch much basketball.\tमैं ज्यादा बास्\u200Dकेटबॉल नहीं देखता।
                """);
        PairSpec spec = PairSpec.tab(PairUnit.CHAR, PairUnit.CHAR, true);
        Checked<SequencePair> data = PairReader.read(spark(), file, spec, BadInputPolicy.FAIL);
        PairEncoder enc = PairEncoder.fit(data, spec, 1, 0, NONE);
        Map<Long, String> targets = data.records().collect().stream().collect(Collectors.toMap(p -> p.source().id(),
                p -> String.join("", p.targetTokens())));
        List<EncodedSequence> s = EncodingTest.byId(enc.encode(data));
        assertEquals(4, s.size());
        for (EncodedSequence e : s) assertEquals(targets.get(e.id), enc.decode(e.targetTokens()));
        assertEquals("मैं किताब प\u0922\u093C रही हूँ।", enc.decode(s.get(1).targetTokens()), "NFC, one space");
        assertEquals(Normalizer.normalize("शराबख़ाना कहाँ है?", Normalizer.Form.NFC), enc.decode(s.get(2).targetTokens()));
        assertEquals("मैं ज्यादा बास्\u200Dकेटबॉल नहीं देखता।", enc.decode(s.get(3).targetTokens()));
        assertArrayEquals(s.get(0).sourceTokens, enc.encodeSource("WOW!"));
    }

    @Test
    void holdOutKeepsEveryAlternateOfAHeadwordTogether() {
        StringBuilder sb = new StringBuilder(";;; generated\n");
        for (int i = 0; i < 300; i++) {
            sb.append("w").append(i).append(" W AH").append(i % 3).append('\n');
            for (int a = 2; a <= 1 + i % 3; a++) sb.append("W").append(i).append('(').append(a).append(") V AH").append(a).append('\n');
        }
        sb.append("broken\n");
        Checked<SequencePair> all = PairReader.read(spark(), write(dir, "many.dict", sb.toString()), PairSpec.cmudict(),
                BadInputPolicy.SKIP);
        List<SequencePair> valid = HoldOut.partByGroup(all, SequencePair::group, 0.2, 11, true).records().collect();
        List<SequencePair> train = HoldOut.partByGroup(all, SequencePair::group, 0.2, 11, false).records().collect();
        assertEquals(600, valid.size() + train.size());
        Set<String> v = valid.stream().map(SequencePair::group).collect(Collectors.toSet());
        Set<String> t = train.stream().map(SequencePair::group).collect(Collectors.toSet());
        assertTrue(v.size() > 30 && v.size() < 90, "validation headwords " + v.size());
        Set<String> both = new HashSet<>(v);
        both.retainAll(t);
        assertTrue(both.isEmpty(), "headwords on both sides: " + both);
        assertEquals(v.size() + t.size(), 300);
        for (SequencePair p : valid) assertEquals(1 + Integer.parseInt(p.group().substring(1)) % 3,
                valid.stream().filter(q -> q.group().equals(p.group())).count(), "all alternates of " + p.group());
        assertEquals(valid, HoldOut.partByGroup(all, SequencePair::group, 0.2, 11, true).records().collect(), "reproducible");
        assertEquals(1, HoldOut.partByGroup(all, SequencePair::group, 0.2, 11, true).report(0).total()
                + HoldOut.partByGroup(all, SequencePair::group, 0.2, 11, false).report(0).total(), "the problem is reported once");

        assertEquals(0xCBF29CE484222325L, HoldOut.hash(""), "FNV-1a 64 offset basis");
        assertEquals(0xAF63DC4C8601EC8CL, HoldOut.hash("a"), "FNV-1a 64 of \"a\"");
    }
}
