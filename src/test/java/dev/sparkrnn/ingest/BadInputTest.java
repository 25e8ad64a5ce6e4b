package dev.sparkrnn.ingest;

import static dev.sparkrnn.ingest.Fixtures.concat;
import static dev.sparkrnn.ingest.Fixtures.resource;
import static dev.sparkrnn.ingest.Fixtures.spark;
import static dev.sparkrnn.ingest.Fixtures.utf8;
import static dev.sparkrnn.ingest.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed, binary and wrongly-encoded input: under FAIL the message names the file, the line and what is
 * wrong; under SKIP the record is dropped and counted by defect.
 */
class BadInputTest {
    @TempDir
    Path dir;

    /** A PNG-like header: binary bytes with NULs and a line break. */
    static final byte[] BINARY = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R', 0, 0, 1, 0};

    @Test
    void malformedLineNamesFileAndLine() {
        String file = resource("bad/sentiment.txt");
        BadInputException e = assertThrows(BadInputException.class,
                () -> SentenceReader.read(spark(), file, SentenceSpec.tab(), BadInputPolicy.FAIL).records());
        assertTrue(e.getMessage().endsWith("sentiment.txt line 17: expected text<TAB>label, found no TAB"), e.getMessage());
        assertEquals(Defect.MALFORMED, e.problem().defect());

        Checked<LabelledSentence> skip = SentenceReader.read(spark(), file, SentenceSpec.tab(), BadInputPolicy.SKIP);
        assertEquals(17, skip.records().count());
        BadInputReport r = skip.report(5);
        assertEquals(2, r.total());
        assertEquals(1, r.count(Defect.MALFORMED));
        assertEquals(1, r.count(Defect.EMPTY), "'!!!' has no words");
        assertTrue(r.firstMessages().get(1).endsWith("sentiment.txt line 18: no words in the text '!!!'"), r.toString());
        assertTrue(r.toString().startsWith("2 bad records (malformed: 1, empty sequence: 1)"), r.toString());
    }

    @Test
    void binaryFileIsNotAText() {
        String good = write(dir, "a.txt", "fine\t1\n");
        String binary = write(dir, "b.png", BINARY);
        BadInputException e = assertThrows(BadInputException.class,
                () -> SentenceReader.read(spark(), dir.toString(), SentenceSpec.tab(), BadInputPolicy.FAIL));
        assertTrue(e.getMessage().contains("b.png line 3: not a text file"), e.getMessage());
        assertEquals(Defect.NOT_TEXT, e.problem().defect());

        Checked<LabelledSentence> skip = SentenceReader.read(spark(), dir.toString(), SentenceSpec.tab(), BadInputPolicy.SKIP);
        assertEquals(List.of("fine"), skip.records().flatMap(s -> s.tokens().iterator()).collect());
        BadInputReport r = skip.report(5);
        assertEquals(1, r.total(), "a binary file counts once: " + r);
        assertEquals(1, r.count(Defect.NOT_TEXT));
        assertTrue(r.firstMessages().get(0).contains("b.png line 3: not a text file (NUL bytes): skipped"), r.toString());
        assertTrue(good.endsWith("a.txt") && binary.endsWith("b.png"));
    }

    @Test
    void binaryFileAsConlluAndTs() {
        String binary = write(dir, "x.conllu", BINARY);
        BadInputException e = assertThrows(BadInputException.class,
                () -> TagReader.read(spark(), binary, TagSpec.conllu(), BadInputPolicy.FAIL));
        assertTrue(e.getMessage().contains("x.conllu line 3: not a text file"), e.getMessage());
        String ts = write(dir, "x.ts", BINARY);
        Checked<LabelledSeries> skip = SeriesReader.read(spark(), ts, SeriesSpec.ts(), BadInputPolicy.SKIP);
        assertEquals(0, skip.records().count());
        assertEquals(1, skip.report(0).count(Defect.NOT_TEXT));
    }

    @Test
    void invalidUtf8NamesTheLine() {
        byte[] latin1 = concat(utf8("good line\t1\ncaf"), new byte[] {(byte) 0xE9}, utf8(" au lait\t0\nanother\t1\n"));
        String file = write(dir, "latin1.txt", latin1);
        BadInputException e = assertThrows(BadInputException.class,
                () -> SentenceReader.read(spark(), file, SentenceSpec.tab(), BadInputPolicy.FAIL).records());
        assertTrue(e.getMessage().contains("latin1.txt line 2: not valid UTF-8"), e.getMessage());
        Checked<LabelledSentence> skip = SentenceReader.read(spark(), file, SentenceSpec.tab(), BadInputPolicy.SKIP);
        assertEquals(2, skip.records().count());
        assertEquals(1, skip.report(0).count(Defect.NOT_UTF8));

        String conllu = write(dir, "latin1.conllu", concat(utf8("1\tok\tok\tINTJ\t_\t_\t0\troot\t_\t_\n\n1\tcaf"),
                new byte[] {(byte) 0xE9}, utf8("\tcafe\tNOUN\t_\t_\t0\troot\t_\t_\n")));
        e = assertThrows(BadInputException.class,
                () -> TagReader.read(spark(), conllu, TagSpec.conllu(), BadInputPolicy.FAIL).records());
        assertTrue(e.getMessage().contains("latin1.conllu line 3: not valid UTF-8"), e.getMessage());

        String csv = write(dir, "latin1.csv", concat(utf8("text,label\nfine,1\ncaf"), new byte[] {(byte) 0xE9}, utf8(",0\n")));
        e = assertThrows(BadInputException.class, () -> SentenceReader.read(spark(), csv,
                new SentenceSpec(SentenceFormat.CSV, "text", "label"), BadInputPolicy.FAIL).records());
        assertTrue(e.getMessage().contains("latin1.csv row 2: not valid UTF-8"), e.getMessage());
    }

    @Test
    void aReplacementCharacterWrittenInValidUtf8IsText() {
        String file = write(dir, "fffd.txt", "a \uFFFD in valid UTF-8\t1\n");
        assertEquals(1, SentenceReader.read(spark(), file, SentenceSpec.tab(), BadInputPolicy.FAIL).records().count());
    }

    @Test
    void byteOrderMarkAndCrLfAreNotPartOfTheText() {
        String file = write(dir, "bom.txt", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("Hello\t1\r\nBye\t0\r\n")));
        List<LabelledSentence> s = SentenceReaderTest.sorted(SentenceReader.read(spark(), file, SentenceSpec.tab(), BadInputPolicy.FAIL));
        assertEquals(List.of("1", "0"), s.stream().map(LabelledSentence::label).toList());
        assertEquals(List.of("hello"), s.get(0).tokens());
    }
}
