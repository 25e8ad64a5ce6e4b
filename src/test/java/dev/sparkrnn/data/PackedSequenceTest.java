package dev.sparkrnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The packed form of a sequence: exact round trips of every kind, about a byte a character, corruption refused. */
class PackedSequenceTest {

    @Test
    void everyKindOfSequenceComesBackEqual() throws Exception {
        Random r = new Random(3);
        int[] chars = r.ints(100, 0, 64).toArray();
        int[] next = Arrays.copyOfRange(r.ints(101, 0, 64).toArray(), 0, 100);
        System.arraycopy(chars, 1, next, 0, 99);
        double[] features = r.doubles(30).map(v -> v * 1e6 - 3).toArray();
        List<EncodedSequence> all = List.of(
                EncodedSequence.tagged(7L << 20 | 3, chars, next),                            // character model
                EncodedSequence.tagged(-5, new int[] {4, 9, 2}, new int[] {-1, 3, -1}),        // tags with gaps
                EncodedSequence.classified(Long.MAX_VALUE, new int[] {300, 0, 254}, 2),        // two-byte words
                EncodedSequence.classified(1, new int[] {70_000, 5}, 1),                       // four-byte words
                EncodedSequence.tagged(2, new int[] {65_534, 65_533}, new int[] {65_533, -1}),
                EncodedSequence.classifiedSeries(3, features, 10, 4),
                new EncodedSequence(4, null, features, 15, null, features, null, null, 0),     // value targets
                EncodedSequence.pair(5, new int[] {1, 2, 3}, new int[] {8, 9}, 0, 1),         // encoder-decoder
                EncodedSequence.pair(6, new double[] {0.25, -1e-300}, 1, new int[] {8}, 0, 1),
                EncodedSequence.tagged(8, new int[] {5}, new int[] {6}));                      // one step
        for (EncodedSequence s : all) {
            assertSame(s, roundTrip(s));
            assertSame(s, PackedSequence.unpack(PackedSequence.pack(s)));
            assertEquals(s.id, PackedSequence.id(PackedSequence.pack(s)));
            assertEquals(s.length, PackedSequence.length(PackedSequence.pack(s)));
        }
    }

    @Test
    void aCharacterSequenceTakesAboutAByteACharacter() throws Exception {
        Random r = new Random(1);
        int[] codes = r.ints(101, 0, 80).toArray();
        EncodedSequence s = EncodedSequence.tagged(1, Arrays.copyOf(codes, 100), Arrays.copyOfRange(codes, 1, 101));
        assertTrue(PackedSequence.pack(s).length <= 130, "packed " + PackedSequence.pack(s).length + " bytes");
        // 1000 of them in one stream, as Spark writes a partition: under 1.4 bytes a character, not the 8 of two int[]
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            for (int i = 0; i < 1000; i++) {
                out.writeObject(EncodedSequence.tagged(i, Arrays.copyOf(codes, 100), Arrays.copyOfRange(codes, 1, 101)));
                if (i % 100 == 99) out.reset();   // Spark's JavaSerializer resets every 100 objects
            }
        }
        assertTrue(bytes.size() < 1000 * 100 * 1.4, bytes.size() + " bytes for 100,000 characters");
    }

    @Test
    void corruptBytesAreRefusedNotAllocated() {
        byte[] good = PackedSequence.pack(EncodedSequence.tagged(1, new int[] {1, 2, 3}, new int[] {2, 3, 4}));
        byte[] cut = Arrays.copyOf(good, good.length - 2);
        assertThrows(IllegalArgumentException.class, () -> PackedSequence.unpack(cut));
        byte[] huge = good.clone();
        huge[15] = 0x7F;   // the tokens' count: about two billion
        assertThrows(IllegalArgumentException.class, () -> PackedSequence.unpack(huge));
        byte[] version = good.clone();
        version[0] = 9;
        assertThrows(IllegalArgumentException.class, () -> PackedSequence.unpack(version));
    }

    @Test
    void aSequenceIsNeverReadFromItsOwnFields() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(EncodedSequence.tagged(1, new int[] {1}, new int[] {2}));
        }
        String form = new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(form.contains("PackedSequence") && !form.contains("sourceTokens"), "written as its packed form");
    }

    private static EncodedSequence roundTrip(EncodedSequence s) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (EncodedSequence) in.readObject();
        }
    }

    private static void assertSame(EncodedSequence a, EncodedSequence b) {
        assertEquals(a.id, b.id);
        assertEquals(a.length, b.length);
        assertArrayEquals(a.tokens, b.tokens);
        assertArrayEquals(a.features, b.features);
        assertArrayEquals(a.classes, b.classes);
        assertArrayEquals(a.values, b.values);
        assertArrayEquals(a.sourceTokens, b.sourceTokens);
        assertArrayEquals(a.sourceFeatures, b.sourceFeatures);
        assertEquals(a.sourceLength, b.sourceLength);
    }
}
