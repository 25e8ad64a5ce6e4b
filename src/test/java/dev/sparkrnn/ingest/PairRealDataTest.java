package dev.sparkrnn.ingest;

import static dev.sparkrnn.ingest.Fixtures.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.data.EncodedSequence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * The encoder–decoder data sets the repository ships in jobs/data (the CMU dictionary and the Tatoeba pairs,
 * the same files as in the shared data sets), read end to end with the counts their SOURCE.md gives.
 */
class PairRealDataTest {
    static final Path DATA = Path.of("jobs", "data");

    @Test
    void cmudictEveryEntryRead() throws IOException {
        Path file = DATA.resolve("cmudict-g2p/cmudict-train.dict");
        long entries;
        try (var lines = Files.lines(file)) {
            entries = lines.map(String::strip).filter(s -> !s.isEmpty() && !s.startsWith(";;;") && !s.startsWith("#")).count();
        }
        assertEquals(121_622, entries);
        TextLines text = TextLines.read(Fixtures.sc(), InputFiles.list(Fixtures.sc().hadoopConfiguration(), file.toString()),
                BadInputPolicy.FAIL, 1 << 20);
        assertTrue(text.lines().getNumPartitions() >= 3, "1 MB splits: lines crossing split boundaries are read once");
        Checked<SequencePair> c = PairReader.read(text, PairSpec.cmudict(), BadInputPolicy.FAIL);
        assertEquals(entries, c.records().count());
        assertTrue(c.report(3).isEmpty(), c.report(3).toString());
        assertEquals(113_447, new HashSet<>(c.records().map(SequencePair::group).collect()).size(),
                "headwords without their alternates");
        c.unpersist();
    }

    @Test
    void tatoebaEnglishHindi() {
        String file = DATA.resolve("tatoeba-eng-hin/hin_train.txt").toString();
        Checked<SequencePair> c = PairReader.read(spark(), file, PairSpec.tab(PairUnit.CHAR, PairUnit.CHAR, false),
                BadInputPolicy.FAIL);
        assertEquals(2_512, c.records().count());
        assertTrue(c.report(3).isEmpty(), c.report(3).toString());
        SequencePair first = c.records().filter(p -> p.source().line() == 1).first();
        assertEquals(List.of("W", "o", "w", "!"), first.sourceTokens(), "no byte-order mark");
        assertEquals(2_319, new HashSet<>(c.records().map(SequencePair::group).collect()).size(), "distinct English sentences");

        PairEncoder enc = PairEncoder.fit(c, PairSpec.tab(PairUnit.CHAR, PairUnit.CHAR, false), 1, 0, LengthLimit.none());
        Map<Long, String> hindi = c.records().mapToPair(p -> new Tuple2<>(p.source().id(), String.join("", p.targetTokens())))
                .collectAsMap();
        List<EncodedSequence> s = enc.encode(c).records().collect();
        assertEquals(2_512, s.size());
        for (EncodedSequence e : s) assertEquals(hindi.get(e.id), enc.decode(e.targetTokens()));
        c.unpersist();

        Checked<SequencePair> words = PairReader.read(spark(), file, PairSpec.tab(PairUnit.WORD, PairUnit.WORD, false),
                BadInputPolicy.FAIL);
        assertEquals(2_512, words.records().count());
        assertEquals(0, words.records().filter(p -> p.targetTokens().stream().anyMatch(w -> w.contains("\u200D"))).count(),
                "the zero-width joiner of line 1299 does not stay in a word");
        words.unpersist();
    }
}
