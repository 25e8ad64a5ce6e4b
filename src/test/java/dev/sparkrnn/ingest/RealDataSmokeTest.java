package dev.sparkrnn.ingest;

import static dev.sparkrnn.ingest.Fixtures.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sparkrnn.data.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real data sets of ../shared/data (not part of the project; skipped when absent), read end to end with
 * the counts their README gives. Group {@code shared-data}: not part of the default {@code mvn test}; run with
 * {@code mvn -B test -P shared-data}.
 */
@Tag("shared-data")
class RealDataSmokeTest {
    static final Path DATA = Path.of("..", "shared", "data");

    @BeforeAll
    static void needsSharedData() {
        assumeTrue(Files.isDirectory(DATA), "../shared/data is not reachable from " + Path.of("").toAbsolutePath()
                + ": real-data smoke tests skipped");
    }

    static String file(String relative) {
        Path p = DATA.resolve(relative);
        assumeTrue(Files.exists(p.getParent()), p.getParent() + " is absent: skipped");
        return p.toString();
    }

    @Test
    void sentimentAmazonAndYelp() {
        Checked<LabelledSentence> c = SentenceReader.read(spark(), file("sentiment/*_labelled.txt"), SentenceSpec.tab(),
                BadInputPolicy.FAIL);
        assertEquals(2000, c.records().count());
        assertEquals(List.of("0", "1"), Dictionaries.labels(c.records().map(LabelledSentence::label)).entries());
        assertEquals(1000, c.records().filter(s -> s.label().equals("1")).count());
    }

    @Test
    void udEwtDev() {
        Checked<TaggedSentence> c = TagReader.read(spark(), file("ud-ewt-pos/en_ewt-ud-dev.conllu"), TagSpec.conllu(),
                BadInputPolicy.FAIL);
        assertEquals(2001, c.records().count());
        assertEquals(17, Dictionaries.labels(c.records().flatMap(s -> s.tags().iterator())).size(), "17 UPOS tags");
    }

    @Test
    void japaneseVowels() {
        Checked<LabelledSeries> c = SeriesReader.read(spark(), file("timeseries/JapaneseVowels_TRAIN.ts"), SeriesSpec.ts(),
                BadInputPolicy.FAIL);
        assertEquals(270, c.records().count());
        assertEquals(List.of(12), c.records().map(LabelledSeries::channels).distinct().collect());
        Vocabulary labels = Dictionaries.labels(c.records().map(LabelledSeries::label));
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9"), labels.entries());
    }

    @Test
    void wnutDev() {
        Checked<TaggedSentence> c = TagReader.read(spark(), file("wnut17_ner/emerging.dev.conll"), TagSpec.conll(),
                BadInputPolicy.FAIL);
        assertEquals(1009, c.records().count());
    }
}
