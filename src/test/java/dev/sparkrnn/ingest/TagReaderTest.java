package dev.sparkrnn.ingest;

import static dev.sparkrnn.ingest.Fixtures.resource;
import static dev.sparkrnn.ingest.Fixtures.spark;
import static dev.sparkrnn.ingest.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tagged sentences from CoNLL-U and CoNLL files. */
class TagReaderTest {
    @TempDir
    Path dir;

    static List<TaggedSentence> sorted(Checked<TaggedSentence> c) {
        return c.records().collect().stream().sorted(Comparator.comparing(TaggedSentence::source)).toList();
    }

    @Test
    void conlluRoundTrip() {
        List<TaggedSentence> s = sorted(TagReader.read(spark(), resource("tiny.conllu"), TagSpec.conllu(), BadInputPolicy.FAIL));
        assertEquals(3, s.size(), "the last sentence has no final blank line and is still read");
        assertEquals(List.of("I", "ca", "n't", "go", "."), s.get(0).tokens(), "multi-word token and empty node skipped");
        assertEquals(List.of("PRON", "AUX", "PART", "VERB", "PUNCT"), s.get(0).tags());
        assertEquals(List.of("Hello"), s.get(1).tokens());
        assertEquals(List.of("Bye", "!"), s.get(2).tokens());
        assertEquals(List.of("INTJ", "PUNCT"), s.get(2).tags());
        assertEquals(List.of(1L, 11L, 15L), s.stream().map(x -> x.source().line()).toList());

        TagSpec xpos = new TagSpec(TagFormat.CONLLU, 3, 5, true);
        List<TaggedSentence> lemmas = sorted(TagReader.read(spark(), resource("tiny.conllu"), xpos, BadInputPolicy.FAIL));
        assertEquals(List.of("i", "can", "not", "go", "."), lemmas.get(0).tokens());
        assertEquals(List.of("PRP", "MD", "RB", "VB", "."), lemmas.get(0).tags());
    }

    @Test
    void conllTokenTagWithLoneTabBreaksAndSpaceSeparatedColumns() {
        List<TaggedSentence> s = sorted(TagReader.read(spark(), resource("wnut.conll"), TagSpec.conll(), BadInputPolicy.FAIL));
        assertEquals(3, s.size(), "-DOCSTART- is not a sentence");
        assertEquals(List.of("@paul", "loves", "Paris"), s.get(0).tokens());
        assertEquals(List.of("O", "O", "B-location"), s.get(0).tags());
        assertEquals(List.of("B-location", "I-location"), s.get(1).tags());
        assertEquals(List.of("ok"), s.get(2).tokens());
        assertEquals(List.of(3L, 7L, 10L), s.stream().map(x -> x.source().line()).toList());

        TagSpec chunks = new TagSpec(TagFormat.CONLL, 1, 3, false);
        List<TaggedSentence> c = sorted(TagReader.read(spark(), resource("chunks.txt"), chunks, BadInputPolicy.FAIL));
        assertEquals(List.of("B-NP", "B-PP", "B-NP", "I-NP"), c.get(0).tags());
        assertEquals(List.of("Chancellor"), c.get(1).tokens());
    }

    @Test
    void aLineWithAnotherColumnCountIsMalformed() {
        // a CoNLL-U file cut mid-line: 4 of its 10 columns would give a 16th "tag" DE if read as far as it goes
        String cut = write(dir, "cut.conllu", "1\tHello\thello\tINTJ\tUH\t_\t0\troot\t0:root\t_\n\n"
                + "1\tthis\tthis\tDE\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> TagReader.read(spark(), cut, TagSpec.conllu(), BadInputPolicy.FAIL).records());
        assertTrue(e.getMessage().contains("cut.conllu line 3") && e.getMessage().contains("expected 10 TAB-separated columns, found 4"),
                e.getMessage());
        assertEquals(1, TagReader.read(spark(), cut, TagSpec.conllu(), BadInputPolicy.SKIP).records().count());
        // CoNLL with a declared column count: a two-column line in a three-column file is malformed
        String chunks = write(dir, "chunks3.txt", "He PRP B-NP\nsaid VBD\n");
        TagSpec three = new TagSpec(TagFormat.CONLL, 1, 2, false, 3);
        BadInputException c = assertThrows(BadInputException.class,
                () -> TagReader.read(spark(), chunks, three, BadInputPolicy.FAIL).records());
        assertTrue(c.getMessage().contains("chunks3.txt line 2") && c.getMessage().contains("expected 3 fields"), c.getMessage());
        assertEquals(1, TagReader.read(spark(), chunks, TagSpec.conll(), BadInputPolicy.FAIL).records().count(),
                "without a declared count, two columns hold the token and the tag");
        assertThrows(IllegalArgumentException.class, () -> new TagSpec(TagFormat.CONLLU, 2, 4, false, 9));
    }

    @Test
    void sentencesCrossingSplitsAreWhole() {
        StringBuilder sb = new StringBuilder();
        int sentences = 60;
        for (int i = 0; i < sentences; i++) {
            if (i % 7 == 3) sb.append("\t\n\n");   // extra blank lines
            int n = 1 + i % 9;
            for (int t = 0; t < n; t++) sb.append("w").append(i).append('_').append(t).append('\t').append("T").append(t).append('\n');
            if (i < sentences - 1) sb.append(i % 2 == 0 ? "\n" : "\t\n");
        }
        String file = write(dir, "long.conll", sb.toString());
        List<org.apache.hadoop.fs.Path> files = InputFiles.list(Fixtures.sc().hadoopConfiguration(), file);
        for (long split : new long[] {0, 61}) {
            TextLines text = TextLines.read(Fixtures.sc(), files, BadInputPolicy.FAIL, split);
            List<TaggedSentence> s = sorted(TagReader.read(text, TagSpec.conll(), BadInputPolicy.FAIL));
            assertEquals(sentences, s.size(), "split size " + split + ", partitions " + text.lines().getNumPartitions());
            for (int i = 0; i < sentences; i++) {
                TaggedSentence x = s.get(i);
                assertEquals(1 + i % 9, x.tokens().size(), "sentence " + i + " split " + split);
                for (int t = 0; t < x.tokens().size(); t++) assertEquals("w" + i + "_" + t, x.tokens().get(t));
            }
        }
    }

    @Test
    void fileCutInsideItsLastLineNamesTheLine() {
        String file = resource("bad/truncated.conllu");
        BadInputException e = assertThrows(BadInputException.class,
                () -> TagReader.read(spark(), file, TagSpec.conllu(), BadInputPolicy.FAIL).records());
        assertTrue(e.getMessage().endsWith("truncated.conllu line 17: expected 10 TAB-separated columns, found 3"), e.getMessage());
        Checked<TaggedSentence> skip = TagReader.read(spark(), file, TagSpec.conllu(), BadInputPolicy.SKIP);
        assertEquals(2, skip.records().count());
        assertEquals(1, skip.report(3).count(Defect.MALFORMED));
    }

    @Test
    void commentsWithoutTokensAreAnEmptySentence() {
        String file = write(dir, "empty.conllu", "# sent_id = 1\n# text =\n\n1\tok\tok\tINTJ\t_\t_\t0\troot\t_\t_\n");
        Checked<TaggedSentence> c = TagReader.read(spark(), file, TagSpec.conllu(), BadInputPolicy.SKIP);
        assertEquals(1, c.records().count());
        BadInputReport r = c.report(1);
        assertEquals(1, r.count(Defect.EMPTY));
        assertTrue(r.firstMessages().get(0).endsWith("empty.conllu line 1: sentence without tokens"), r.toString());
    }
}
