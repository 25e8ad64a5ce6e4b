package dev.sparkrnn.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint store on the local file system (Hadoop's LocalFileSystem, with its .crc sidecar files). */
class CheckpointStoreTest {
    @TempDir
    java.nio.file.Path tmp;

    java.nio.file.Path dir;
    WarningCapture capture;
    List<String> warnings;

    @BeforeEach
    void setUp() {
        dir = tmp.resolve("run-a/checkpoints");
        capture = new WarningCapture(CheckpointStore.class);
        warnings = capture.messages();
    }

    @AfterEach
    void tearDown() {
        capture.close();
    }

    CheckpointStore store(int keep) throws IOException {
        return new CheckpointStore(new Configuration(), dir.toString(), keep);
    }

    /** A checkpoint whose contents depend on its iteration, Adam-shaped state (2n + 1). */
    static Checkpoint checkpoint(long iteration, int n) {
        Random r = new Random(iteration);
        double[] params = new double[n];
        double[] state = new double[2 * n + 1];
        for (int i = 0; i < n; i++) params[i] = r.nextGaussian();
        for (int i = 0; i < 2 * n; i++) state[i] = r.nextDouble() * 1e-3;
        state[2 * n] = iteration;
        return new Checkpoint(iteration, params, state, 42L, 3 * iteration, "rnn H=8 V=27 adam lr=0.01",
                Map.of("loss", Double.toString(1.0 / (1 + iteration)), "spark", "4.2.0"));
    }

    java.nio.file.Path file(long iteration) {
        return dir.resolve(String.format("ckpt-%012d", iteration));
    }

    /** Hadoop's LocalFileSystem keeps a CRC sidecar; removing it lets our own checks see raw corruption. */
    void dropSidecar(long iteration) throws IOException {
        Files.deleteIfExists(dir.resolve(String.format(".ckpt-%012d.crc", iteration)));
    }

    List<String> visibleNames() throws IOException {
        try (Stream<java.nio.file.Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    String warningText() {
        StringBuilder s = new StringBuilder();
        for (String r : warnings) s.append(r).append('\n');
        return s.toString();
    }

    @Test
    void roundTripIsBitExact() throws IOException {
        CheckpointStore store = store(3);
        Checkpoint c = checkpoint(7, 50);
        c.params()[0] = Double.NaN;
        c.params()[1] = -0.0;
        c.params()[2] = Double.POSITIVE_INFINITY;
        c.params()[3] = Double.MIN_VALUE;
        Checkpoint withInfo = new Checkpoint(c.iteration(), c.params(), c.optimizerState(), -5L, Long.MAX_VALUE,
                "fingerprint with \"quotes\", ünïcödé and a\nnewline", Map.of("note", "✓ ok", "empty", ""));
        store.save(withInfo);

        assertEquals(List.of("ckpt-000000000007"), visibleNames());
        assertEquals(Optional.of(withInfo), store.latest());
        assertEquals(withInfo, store.read(store.pathOf(7)));
        // A second store over the same directory (a rerun) sees the same, also through a file: URI.
        assertEquals(Optional.of(withInfo), new CheckpointStore(new Configuration(), dir.toUri().toString(), 3).latest());
    }

    @Test
    void emptyArraysAndEmptyInfoRoundTrip() throws IOException {
        CheckpointStore store = store(1);
        Checkpoint c = new Checkpoint(0, new double[0], new double[0], 1, 0, "", Map.of());
        store.save(c);
        assertEquals(Optional.of(c), store.latest());
    }

    @Test
    void fileLayoutIsTheDocumentedOne() throws IOException {
        store(1).save(checkpoint(12, 10));
        byte[] bytes = Files.readAllBytes(file(12));
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte[] magic = new byte[8];
        b.get(magic);
        assertEquals("SRNNCKPT", new String(magic, StandardCharsets.US_ASCII));
        assertEquals(1, b.getInt());
        int headerLength = b.getInt();
        b.getInt();   // header CRC32C
        JsonNode h = new ObjectMapper().readTree(new String(bytes, 20, headerLength, StandardCharsets.UTF_8));
        assertEquals(12, h.get("iteration").longValue());
        assertEquals(10, h.get("paramsLength").intValue());
        assertEquals(21, h.get("optimizerStateLength").intValue());
        assertEquals("4.2.0", h.get("info").get("spark").textValue());
        assertTrue(h.get("payloadCrc32c").textValue().matches("[0-9a-f]{8}"));
        assertEquals(20 + headerLength + 8 * (10 + 21), bytes.length);
        b.position(20 + headerLength);
        assertEquals(checkpoint(12, 10).params()[0], b.getDouble());
    }

    /**
     * A small checkpoint frozen in format version 1 (never regenerate it): later versions of the store must
     * still read it to the same values.
     */
    static final String FROZEN_V1 = "U1JOTkNLUFQAAAABAAAArE28BGJ7Iml0ZXJhdGlvbiI6Mywic2VlZCI6MTIzNDU2Nzg5MDEyMywiZGF0YVBvc2l0aW9uIjo5LCJm"
            + "aW5nZXJwcmludCI6ImZyb3plbiIsImluZm8iOnsidmVyc2lvbiI6IjAuMS4wIn0sInBhcmFtc0xlbmd0aCI6Mywib3B0aW1pemVy"
            + "U3RhdGVMZW5ndGgiOjIsInBheWxvYWRDcmMzMmMiOiI1YzY4ZmIzYyJ9P+AAAAAAAAC/9AAAAAAAAAGlbh/C+PNZP8AAAAAAAABA"
            + "CAAAAAAAAA==";

    @Test
    void readsAFrozenVersion1File() throws IOException {
        Files.createDirectories(dir);
        Files.write(file(3), Base64.getDecoder().decode(FROZEN_V1));
        Checkpoint expected = new Checkpoint(3, new double[] {0.5, -1.25, 1e-300}, new double[] {0.125, 3},
                1234567890123L, 9, "frozen", Map.of("version", "0.1.0"));
        assertEquals(expected, store(2).read(store(2).pathOf(3)));
    }

    @Test
    void keepsTheNewestN() throws IOException {
        CheckpointStore store = store(2);
        for (int it = 1; it <= 5; it++) store.save(checkpoint(it * 100, 20));
        assertEquals(List.of("ckpt-000000000400", "ckpt-000000000500"), visibleNames());
        assertEquals(Optional.of(checkpoint(500, 20)), store.latest());
        try (Stream<java.nio.file.Path> s = Files.list(dir)) {   // no orphaned sidecars either
            assertEquals(2, s.filter(p -> p.getFileName().toString().endsWith(".crc")).count());
        }
    }

    @Test
    void neverDeletesTheOneJustWritten() throws IOException {
        CheckpointStore store = store(1);
        store.save(checkpoint(5, 4));
        store.save(checkpoint(3, 4));   // an older iteration, saved after a newer one
        assertEquals(List.of("ckpt-000000000003", "ckpt-000000000005"), visibleNames());
        assertEquals(Optional.of(checkpoint(5, 4)), store.latest());
        store.save(checkpoint(6, 4));
        assertEquals(List.of("ckpt-000000000006"), visibleNames());
    }

    @Test
    void savingAnIterationAgainReplacesIt() throws IOException {
        CheckpointStore store = store(3);
        store.save(checkpoint(8, 10));
        Checkpoint again = checkpoint(8, 12);
        store.save(again);
        assertEquals(List.of("ckpt-000000000008"), visibleNames());
        assertEquals(Optional.of(again), store.latest());
    }

    @Test
    void truncatedNewestFallsBackToThePreviousAndSaysWhich() throws IOException {
        CheckpointStore store = store(3);
        store.save(checkpoint(1, 30));
        store.save(checkpoint(2, 30));
        try (RandomAccessFile f = new RandomAccessFile(file(2).toFile(), "rw")) {
            f.setLength(f.length() - 100);   // a crash of a non-atomic writer, or a partial copy
        }
        assertEquals(Optional.of(checkpoint(1, 30)), store.latest());
        assertEquals(1, warnings.size(), warningText());
        assertTrue(warningText().contains("ckpt-000000000002"), warningText());
        assertTrue(warningText().contains("truncated"), warningText());

        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> store.read(store.pathOf(2)));
        assertTrue(e.getMessage().contains("ckpt-000000000002") && e.getMessage().contains("truncated"), e.getMessage());

        dropSidecar(2);   // (with it, the file system's own checksum of the first 512 bytes fails first)
        try (RandomAccessFile f = new RandomAccessFile(file(2).toFile(), "rw")) {
            f.setLength(10);   // cut inside the fixed prefix
        }
        e = assertThrows(CorruptCheckpointException.class, () -> store.read(store.pathOf(2)));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertEquals(Optional.of(checkpoint(1, 30)), store.latest());
    }

    /** Flips one payload byte: the file system's own CRC sidecar notices first; without it, ours does. */
    @Test
    void flippedPayloadByteFailsTheChecksumAndFallsBack() throws IOException {
        CheckpointStore store = store(3);
        store.save(checkpoint(1, 30));
        store.save(checkpoint(2, 30));
        byte[] bytes = Files.readAllBytes(file(2));
        bytes[bytes.length - 77] ^= 0x10;
        Files.write(file(2), bytes);

        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> store.read(store.pathOf(2)));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertEquals(Optional.of(checkpoint(1, 30)), store.latest());

        dropSidecar(2);
        e = assertThrows(CorruptCheckpointException.class, () -> store.read(store.pathOf(2)));
        assertTrue(e.getMessage().contains("checksum mismatch: payload CRC32C"), e.getMessage());
        assertTrue(e.getMessage().contains("ckpt-000000000002"), e.getMessage());
        warnings.clear();
        assertEquals(Optional.of(checkpoint(1, 30)), store.latest());
        assertTrue(warningText().contains("ckpt-000000000002") && warningText().contains("checksum"), warningText());
    }

    @Test
    void flippedHeaderByteFailsTheHeaderChecksum() throws IOException {
        CheckpointStore store = store(3);
        store.save(checkpoint(1, 5));
        store.save(checkpoint(2, 5));
        dropSidecar(2);
        byte[] bytes = Files.readAllBytes(file(2));
        bytes[25] ^= 0x01;   // inside the JSON header
        Files.write(file(2), bytes);
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> store.read(store.pathOf(2)));
        assertTrue(e.getMessage().contains("header checksum mismatch"), e.getMessage());
        assertEquals(Optional.of(checkpoint(1, 5)), store.latest());
    }

    @Test
    void badMagicIsNotACheckpoint() throws IOException {
        CheckpointStore store = store(3);
        store.save(checkpoint(1, 5));
        Files.write(file(2), "PK\u0003\u0004 this is a zip, not a checkpoint".getBytes(StandardCharsets.ISO_8859_1));
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> store.read(store.pathOf(2)));
        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
        assertEquals(Optional.of(checkpoint(1, 5)), store.latest());
    }

    @Test
    void corruptCheckpointsAreNotCountedWhenPruning() throws IOException {
        store(2).save(checkpoint(1, 5));
        store(2).save(checkpoint(2, 5));
        store(2).save(checkpoint(3, 5));
        dropSidecar(3);
        byte[] bytes = Files.readAllBytes(file(3));
        bytes[bytes.length - 1] ^= 0x40;
        Files.write(file(3), bytes);

        store(2).save(checkpoint(4, 5));   // a fresh store, as in a rerun: nothing cached
        assertEquals(List.of("ckpt-000000000002", "ckpt-000000000003", "ckpt-000000000004"), visibleNames());
        assertTrue(warningText().contains("ckpt-000000000003"), warningText());
        store(2).save(checkpoint(5, 5));
        assertEquals(List.of("ckpt-000000000004", "ckpt-000000000005"), visibleNames());
    }

    @Test
    void leftoverTemporariesAreIgnoredAndStaleOnesCleanedUp() throws IOException {
        CheckpointStore store = store(3);
        store.save(checkpoint(1, 5));
        store.save(checkpoint(9, 5));
        // A crash after writing a complete temporary, and one in the middle of writing.
        java.nio.file.Path complete = dir.resolve("_tmp-ckpt-000000000010-3f2a");
        Files.copy(file(9), complete);
        java.nio.file.Path partial = dir.resolve("_tmp-ckpt-000000000011-77b0");
        Files.write(partial, new byte[] {'S', 'R', 'N'});
        Files.delete(file(9));
        dropSidecar(9);

        assertEquals(Optional.of(checkpoint(1, 5)), store.latest());
        assertTrue(warnings.isEmpty(), warningText());

        Files.setLastModifiedTime(partial, FileTime.fromMillis(System.currentTimeMillis() - 2 * CheckpointStore.STALE_TMP_MILLIS));
        store.save(checkpoint(2, 5));
        assertFalse(Files.exists(partial), "a stale temporary is deleted");
        assertTrue(Files.exists(complete), "a recent temporary may belong to a save in progress");
        assertEquals(Optional.of(checkpoint(2, 5)), store.latest());
    }

    @Test
    void aNewerFormatIsRefusedClearly() throws IOException {
        CheckpointStore store = store(3);
        store.save(checkpoint(1, 5));
        ByteBuffer future = ByteBuffer.allocate(64).put("SRNNCKPT".getBytes(StandardCharsets.US_ASCII)).putInt(2);
        Files.write(file(2), future.array());

        NewerCheckpointFormatException e = assertThrows(NewerCheckpointFormatException.class,
                () -> store.read(store.pathOf(2)));
        assertTrue(e.getMessage().contains("written by a newer spark-rnn, format 2 > 1"), e.getMessage());
        assertTrue(e.getMessage().contains("ckpt-000000000002"), e.getMessage());
        // Not corrupt: resuming from the older one would silently drop the newer run's progress.
        e = assertThrows(NewerCheckpointFormatException.class, store::latest);
        assertEquals(2, e.version());
    }

    @Test
    void missingOrEmptyDirectoryHasNoCheckpoint() throws IOException {
        assertEquals(Optional.empty(), store(2).latest());
        Files.createDirectories(dir);
        assertEquals(Optional.empty(), store(2).latest());
        Files.write(dir.resolve("_tmp-ckpt-000000000004-aa"), new byte[100]);
        Files.write(dir.resolve("README"), "not a checkpoint".getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), store(2).latest());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> store(0));
        assertThrows(IllegalArgumentException.class,
                () -> store(1).save(new Checkpoint(-1, new double[1], new double[1], 0, 0, "f", null)));
    }

    /** About 6 million doubles (48 MB); the time is printed, not asserted. */
    @Test
    void largeRoundTrip() throws IOException {
        int n = 2_000_000;
        Random r = new Random(1);
        double[] params = new double[n];
        for (int i = 0; i < n; i++) params[i] = r.nextGaussian();
        double[] state = new double[2 * n + 1];
        for (int i = 0; i < 2 * n; i++) state[i] = r.nextDouble();
        Checkpoint c = new Checkpoint(123_456, params, state, 7, 99, "big", Map.of());
        CheckpointStore store = store(2);

        long t0 = System.nanoTime();
        store.save(c);
        long t1 = System.nanoTime();
        Checkpoint back = store.latest().orElseThrow();
        long t2 = System.nanoTime();
        assertEquals(c, back);
        assertArrayEquals(params, back.params());
        System.out.printf("CheckpointStore: %d doubles (%.0f MB) saved in %d ms, read and verified in %d ms%n",
                params.length + state.length, Files.size(file(123_456)) / 1e6, (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000);
    }
}
