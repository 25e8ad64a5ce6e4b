package dev.sparkrnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VocabularyTest {
    static final Map<String, Long> COUNTS = Map.of("the", 9L, "cat", 3L, "dog", 3L, "ant", 1L, "<unk>", 5L);

    @Test
    void wordsByCountThenStringAfterUnknown() {
        Vocabulary v = Vocabulary.words(COUNTS, 1, 0);
        assertEquals(List.of("<unk>", "the", "cat", "dog", "ant"), v.entries(), "a literal <unk> word is left out");
        assertTrue(v.hasUnknown());
        assertEquals(0, v.index("zebra"));
        assertEquals(2, v.index("cat"));
        assertArrayEquals(new int[] {1, 0, 3}, v.encode(List.of("the", "zebra", "dog")));
    }

    @Test
    void minCountAndMaxSize() {
        assertEquals(List.of("<unk>", "the", "cat", "dog"), Vocabulary.words(COUNTS, 2, 0).entries());
        assertEquals(List.of("<unk>", "the", "cat"), Vocabulary.words(COUNTS, 1, 3).entries(), "max size counts <unk>");
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.words(COUNTS, 1, 1));
    }

    @Test
    void labelsInValueOrderWithoutUnknown() {
        Vocabulary numbers = Vocabulary.labels(List.of("10", "2", "1", "2"));
        assertEquals(List.of("1", "2", "10"), numbers.entries());
        assertFalse(numbers.hasUnknown());
        assertEquals(-1, numbers.index("3"));
        assertThrows(IllegalArgumentException.class, () -> numbers.encode(List.of("3")));
        assertEquals(List.of("NOUN", "PUNCT", "VERB"), Vocabulary.labels(List.of("VERB", "NOUN", "PUNCT")).entries());
        assertEquals(List.of("-1", "1"), Vocabulary.labels(List.of("1", "-1")).entries());
    }

    @Test
    void savedEntriesRestoreTheSameVocabulary() throws Exception {
        Vocabulary v = Vocabulary.words(COUNTS, 1, 0);
        assertEquals(v, Vocabulary.fromEntries(v.entries(), v.hasUnknown()));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.fromEntries(List.of("a", "a"), false));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.fromEntries(List.of("a"), true));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(v);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            Vocabulary back = (Vocabulary) in.readObject();
            assertEquals(v, back);
            assertEquals(3, back.index("dog"));
        }
    }
}
