package dev.sparkrnn.ingest;

import static dev.sparkrnn.ingest.Fixtures.concat;
import static dev.sparkrnn.ingest.Fixtures.spark;
import static dev.sparkrnn.ingest.Fixtures.utf8;
import static dev.sparkrnn.ingest.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sequence pairs from cmudict and TAB files: tokens of each unit, comments, byte-order mark, problems by file and line. */
class PairReaderTest {
    @TempDir
    Path dir;

    static final String DICT = """
            ;;; # CMUdict  --  Major Version: 0.07
            # a comment line

            'bout B AW1 T
            abc EY1 B IY1 S IY1 # abbrev
            abc(2) AE1 B K
            Read  R IY1 D
            read(2)\tR\tEH1  D
            broken
            ok-go.2 OW1 K EY1
            hash # only a comment
            """;

    /** Line 1 starts with a byte-order mark; Hindi with a precomposed nukta letter (line 5) and a zero-width joiner (line 6). */
    static final byte[] HINDI = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("""
            Wow!\tवाह!\tCC-BY 2.0 (France) Attribution: tatoeba.org #52027
            Help!\tबचाओ!\tCC-BY 2.0
            no tab here
              \tमैं
            I'm  reading a book.\tमैं किताब प\u095D रही हूँ।\tCC-BY 2.0
            Basketball\tबास्\u200Dकेटबॉल
            ?\t!!
            """));

    static List<SequencePair> sorted(Checked<SequencePair> c) {
        return c.records().collect().stream().sorted(Comparator.comparing(SequencePair::source)).toList();
    }

    static List<String> chars(String s) {
        return s.codePoints().mapToObj(Character::toString).toList();
    }

    @Test
    void cmudictHeadwordCharactersToPhonemes() {
        String file = write(dir, "words.dict", DICT);
        BadInputException e = assertThrows(BadInputException.class,
                () -> PairReader.read(spark(), file, PairSpec.cmudict(), BadInputPolicy.FAIL).records());
        assertTrue(e.getMessage().endsWith("words.dict line 9: expected word PH1 PH2 ..., found no phonemes after 'broken'"),
                e.getMessage());
        assertEquals(Defect.MALFORMED, e.problem().defect());

        Checked<SequencePair> skip = PairReader.read(spark(), file, PairSpec.cmudict(), BadInputPolicy.SKIP);
        List<SequencePair> p = sorted(skip);
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 10L), p.stream().map(x -> x.source().line()).toList(),
                "comment and blank lines are not records");
        assertEquals(List.of("'", "b", "o", "u", "t"), p.get(0).sourceTokens());
        assertEquals(List.of("B", "AW1", "T"), p.get(0).targetTokens());
        assertEquals(List.of("EY1", "B", "IY1", "S", "IY1"), p.get(1).targetTokens(), "# abbrev is a comment");
        assertEquals(List.of("a", "b", "c"), p.get(2).sourceTokens(), "abc(2) reads abc");
        assertEquals(List.of("AE1", "B", "K"), p.get(2).targetTokens());
        assertEquals(List.of("r", "e", "a", "d"), p.get(3).sourceTokens(), "lowercased, two spaces");
        assertEquals(List.of("R", "EH1", "D"), p.get(4).targetTokens(), "TABs and runs of spaces separate phonemes");
        assertEquals(List.of("o", "k", "-", "g", "o", ".", "2"), p.get(5).sourceTokens());
        assertEquals(List.of("'bout", "abc", "abc", "read", "read", "ok-go.2"), p.stream().map(SequencePair::group).toList());

        BadInputReport r = skip.report(5);
        assertEquals(2, r.total());
        assertEquals(2, r.count(Defect.MALFORMED));
        assertTrue(r.firstMessages().get(1).endsWith("words.dict line 11: expected word PH1 PH2 ..., found no phonemes after 'hash'"),
                r.toString());
    }

    @Test
    void tabCharactersWithoutByteOrderMark() {
        String file = write(dir, "hin.txt", HINDI);
        BadInputException e = assertThrows(BadInputException.class,
                () -> PairReader.read(spark(), file, PairSpec.tab(PairUnit.CHAR, PairUnit.CHAR, false), BadInputPolicy.FAIL).records());
        assertTrue(e.getMessage().endsWith("hin.txt line 3: expected source<TAB>target, found no TAB"), e.getMessage());

        Checked<SequencePair> skip = PairReader.read(spark(), file, PairSpec.tab(PairUnit.CHAR, PairUnit.CHAR, false),
                BadInputPolicy.SKIP);
        List<SequencePair> p = sorted(skip);
        assertEquals(List.of(1L, 2L, 5L, 6L, 7L), p.stream().map(x -> x.source().line()).toList());
        assertEquals(List.of("W", "o", "w", "!"), p.get(0).sourceTokens(), "no byte-order mark, case kept");
        assertEquals(List.of("व", "ा", "ह", "!"), p.get(0).targetTokens(), "vowel sign a token of its own; attribution ignored");
        assertEquals("I'm reading a book.", p.get(2).group(), "runs of spaces collapse");
        assertEquals(chars("मैं किताब प\u0922\u093C रही हूँ।"), p.get(2).targetTokens(), "NFC: U+095D is ढ + nukta");
        assertTrue(p.get(3).targetTokens().contains("\u200D"), "a CHAR side keeps the zero-width joiner");
        assertEquals(List.of("?"), p.get(4).sourceTokens());

        BadInputReport r = skip.report(5);
        assertEquals(1, r.count(Defect.MALFORMED));
        assertEquals(1, r.count(Defect.EMPTY));
        assertTrue(r.firstMessages().get(1).endsWith("hin.txt line 4: empty source"), r.toString());

        List<SequencePair> lower = sorted(PairReader.read(spark(), file, PairSpec.tab(PairUnit.CHAR, PairUnit.CHAR, true),
                BadInputPolicy.SKIP));
        assertEquals(List.of("w", "o", "w", "!"), lower.get(0).sourceTokens());
    }

    @Test
    void tabWordsKeepDevanagariWordsWhole() {
        String file = write(dir, "hin.txt", HINDI);
        Checked<SequencePair> skip = PairReader.read(spark(), file, PairSpec.tab(PairUnit.WORD, PairUnit.WORD, false),
                BadInputPolicy.SKIP);
        List<SequencePair> p = sorted(skip);
        assertEquals(List.of(1L, 2L, 5L, 6L), p.stream().map(x -> x.source().line()).toList());
        assertEquals(List.of("wow"), p.get(0).sourceTokens());
        assertEquals(List.of("वाह"), p.get(0).targetTokens());
        assertEquals(List.of("i'm", "reading", "a", "book"), p.get(2).sourceTokens());
        assertEquals(List.of("मैं", "किताब", "प\u0922\u093C", "रही", "हूँ"), p.get(2).targetTokens(),
                "vowel signs, candrabindu and nukta inside words; the danda separates");
        assertEquals(List.of("बास्केटबॉल"), p.get(3).targetTokens(), "the zero-width joiner does not cut the word");
        assertEquals("i'm reading a book", p.get(2).group());

        BadInputReport r = skip.report(5);
        assertEquals(1, r.count(Defect.MALFORMED));
        assertEquals(2, r.count(Defect.EMPTY));
        assertTrue(r.firstMessages().get(2).endsWith("hin.txt line 7: no word tokens in the source '?'"), r.toString());
    }

    @Test
    void unitsAndSpecs() {
        assertEquals(List.of("a", " ", "b"), PairUnit.CHAR.tokens(" a \t\u00A0b\n", false), "white space runs collapse, ends trimmed");
        assertEquals(List.of("AH0", "B"), PairUnit.SPACE.tokens(" AH0\u00A0 B ", false));
        assertEquals(List.of("ah0", "b"), PairUnit.SPACE.tokens("AH0 B", true));
        assertEquals("ab", PairUnit.CHAR.join(List.of("a", "b")));
        assertEquals("a b", PairUnit.WORD.join(List.of("a", "b")));
        assertEquals(PairUnit.WORD, PairUnit.parse(" Word "));
        assertEquals(PairFormat.CMUDICT, PairFormat.parse("cmudict"));
        assertThrows(IllegalArgumentException.class, () -> PairUnit.parse("byte"));
        assertEquals(PairSpec.cmudict(), new PairSpec(PairFormat.CMUDICT, PairUnit.WORD, null, false), "cmudict fixes units");
        assertThrows(IllegalArgumentException.class, () -> new PairSpec(PairFormat.TAB, PairUnit.CHAR, null, false));
    }
}
