package dev.sparkrnn.ingest;

import static dev.sparkrnn.ingest.Fixtures.sc;
import static dev.sparkrnn.ingest.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.data.EncodedSequence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Character corpora read without a shuffle: blocks of lines that cross input splits (and files) are whole and
 * the sequences do not depend on the splitting; invalid UTF-8 follows the bad-input policy.
 */
class TextCorpusTest {
    @TempDir
    Path dir;

    static List<EncodedSequence> sequences(TextCorpus c) {
        return c.sequences(7, 0.25, 3, false).collect().stream().sorted(Comparator.comparingLong(s -> s.id)).toList();
    }

    @Test
    void blocksAreTheSameWhateverTheSplitsAndFiles() throws IOException {
        StringBuilder a = new StringBuilder(), b = new StringBuilder();
        for (int i = 0; i < 300; i++) a.append("line ").append(i).append(i % 7 == 0 ? " and a longer tail" : "").append('\n');
        for (int i = 0; i < 130; i++) b.append("second ").append(i).append('\n');
        String fa = write(dir, "a.txt", a.toString()), fb = write(dir, "b.txt", b.toString());
        List<org.apache.hadoop.fs.Path> files = InputFiles.list(sc().hadoopConfiguration(), dir.resolve("*.txt").toString());
        // blocks of 40 lines span several 97-byte splits; blocks of 3 end inside a split's first lines
        for (int blockLines : new int[] {40, 3}) {
            TextCorpus whole = TextCorpus.read(sc(), files, "*.txt", blockLines, BadInputPolicy.FAIL, 0);
            TextCorpus split = TextCorpus.read(sc(), files, "*.txt", blockLines, BadInputPolicy.FAIL, 97);
            sameSequencesAndText(whole, split, a + b.toString());
        }
        assertTrue(Files.size(Path.of(fa)) > 97 && Files.size(Path.of(fb)) > 97);
    }

    static void sameSequencesAndText(TextCorpus whole, TextCorpus split, String expected) {
        List<EncodedSequence> w = sequences(whole), s = sequences(split);
        assertEquals(w.size(), s.size());
        for (int i = 0; i < w.size(); i++) {
            assertEquals(w.get(i).id, s.get(i).id);
            assertArrayEquals(w.get(i).tokens, s.get(i).tokens);
        }
        // all characters are there, in order: the training and validation blocks together are the text
        StringBuilder text = new StringBuilder();
        List<EncodedSequence> all = new java.util.ArrayList<>(split.sequences(1_000_000, 0, 3, false).collect());
        all.sort(Comparator.comparingLong(q -> q.id));
        for (EncodedSequence q : all) {
            text.append(split.vocabulary().decode(q.tokens, 0, q.length));
            text.appendCodePoint(split.vocabulary().codePoint(q.classes[q.length - 1]));
        }
        assertEquals(expected, text.toString(), "every block, the one crossing into b.txt included");
    }

    @Test
    void invalidUtf8FailsNamingTheLineOrIsSkippedAndCounted() throws IOException {
        Path f = dir.resolve("latin1.txt");
        Files.write(f, "caf\u00e9 ok\nna\u00efve\nplain\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        BadInputException e = assertThrows(BadInputException.class,
                () -> TextCorpus.read(sc(), f.toString(), 40, BadInputPolicy.FAIL));
        assertTrue(e.getMessage().contains("latin1.txt line 1") && e.getMessage().contains("UTF-8"), e.getMessage());
        TextCorpus skip = TextCorpus.read(sc(), f.toString(), 40, BadInputPolicy.SKIP);
        assertEquals(2, skip.skipped().count(Defect.NOT_UTF8), skip.skipped().toString());
        String text = skip.vocabulary().decode(skip.sequences(1000, 0, 1, false).first().tokens, 0, 5);
        assertEquals("plain", text, "only the valid line is read");
    }
}
