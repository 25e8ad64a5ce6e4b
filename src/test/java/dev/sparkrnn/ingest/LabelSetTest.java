package dev.sparkrnn.ingest;

import static dev.sparkrnn.ingest.Fixtures.spark;
import static dev.sparkrnn.ingest.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Declared labels: a stray label in the training data is a bad record (fail names its file and line, skip counts
 * it), never a new class; undeclared labels are found, counted and the rare ones flagged.
 */
class LabelSetTest {
    @TempDir
    Path dir;

    static final String DATA = "good phone\t1\nbad phone\t0\nThis is fine\t2\ngreat\t1\nawful\t0\n";

    @Test
    void aStrayLabelIsABadRecordWhenLabelsAreDeclared() {
        String file = write(dir, "stray.txt", DATA);
        LabelSet declared = new LabelSet(List.of("1", "0"), 2);
        SentenceEncoder enc = SentenceEncoder.fit(SentenceReader.read(spark(), file, SentenceSpec.tab(), BadInputPolicy.FAIL),
                1, 0, LengthLimit.none(), declared);
        assertEquals(List.of("0", "1"), enc.labels().entries(), "two classes, in value order as when found");
        BadInputException e = assertThrows(BadInputException.class,
                () -> enc.encode(SentenceReader.read(spark(), file, SentenceSpec.tab(), BadInputPolicy.FAIL)).records());
        assertTrue(e.getMessage().endsWith("stray.txt line 3: label '2' is not one of the model's labels (0, 1)"), e.getMessage());
        Checked<?> skip = enc.encode(SentenceReader.read(spark(), file, SentenceSpec.tab(), BadInputPolicy.SKIP));
        assertEquals(4, skip.records().count());
        assertEquals(1, skip.report(0).count(Defect.UNSEEN_LABEL), "skipped and counted");
        LabelSet.Fitted fit = enc.labelFit();
        assertEquals(List.of("2"), fit.undeclared());
        assertEquals(List.of(), fit.rare(), "0 and 1 occur twice each, at labels.min.count");
        assertTrue(fit.describe().get(0).startsWith("labels (declared): 0 (2), 1 (2)"), fit.describe().toString());
        assertTrue(String.join("\n", fit.describe()).contains("outside the declared set") , fit.describe().toString());
    }

    @Test
    void undeclaredLabelsAreFoundCountedAndTheRareOnesFlagged() {
        String file = write(dir, "found.txt", DATA);
        SentenceEncoder enc = SentenceEncoder.fit(SentenceReader.read(spark(), file, SentenceSpec.tab(), BadInputPolicy.FAIL),
                1, 0, LengthLimit.none(), new LabelSet(List.of(), 2));
        assertEquals(List.of("0", "1", "2"), enc.labels().entries());
        assertEquals(List.of("2"), enc.labelFit().rare());
        String text = String.join("\n", enc.labelFit().describe());
        assertTrue(text.startsWith("labels found in the training part: 0 (2), 1 (2), 2 (1)"), text);
        assertTrue(text.contains("label '2' occurs 1 time(s)") && text.contains("stray label"), text);
    }

    @Test
    void aDeclaredTagSetRefusesOtherTags() {
        String file = write(dir, "tags.conll", "a\tX\nb\tY\n\nc\tX\nd\tZ\n");
        TagEncoder enc = TagEncoder.fit(TagReader.read(spark(), file, TagSpec.conll(), BadInputPolicy.FAIL), 1, 0,
                LengthLimit.none(), new LabelSet(List.of("X", "Y"), 0));
        BadInputException e = assertThrows(BadInputException.class,
                () -> enc.encode(TagReader.read(spark(), file, TagSpec.conll(), BadInputPolicy.FAIL)).records());
        assertTrue(e.getMessage().contains("tags.conll line 4") && e.getMessage().contains("tag 'Z'"), e.getMessage());
        assertEquals(List.of("Z"), enc.labelFit().undeclared());
    }
}
