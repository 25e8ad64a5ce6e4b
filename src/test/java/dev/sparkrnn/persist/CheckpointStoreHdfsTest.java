package dev.sparkrnn.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DFSTestUtil;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The checkpoint store on a real HDFS: an in-process MiniDFSCluster with one datanode. */
@ExtendWith(MiniHdfs.Resolver.class)
class CheckpointStoreHdfsTest {
    static MiniDFSCluster cluster;
    static DistributedFileSystem hdfs;
    static String root;

    WarningCapture capture;
    List<String> warnings;

    @BeforeAll
    static void connect(MiniHdfs miniHdfs) {
        cluster = miniHdfs.cluster;
        hdfs = miniHdfs.fs;
        root = miniHdfs.root;
    }

    @BeforeEach
    void listen() {
        capture = new WarningCapture(CheckpointStore.class);
        warnings = capture.messages();
    }

    @AfterEach
    void stopListening() {
        capture.close();
    }

    /** A store reached only through its hdfs:// URI, with a fresh configuration, as a job would. */
    static CheckpointStore store(String run, int keep) throws IOException {
        return new CheckpointStore(new Configuration(), root + "/runs/" + run + "/checkpoints", keep);
    }

    static List<String> names(CheckpointStore store) throws IOException {
        return Arrays.stream(hdfs.listStatus(store.dir())).map(s -> s.getPath().getName()).sorted().toList();
    }

    static byte[] readAll(Path p) throws IOException {
        try (FSDataInputStream in = hdfs.open(p)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    /** HDFS files cannot be changed in place: write the corrupted bytes as a new file over the old one. */
    static void overwrite(Path p, byte[] bytes) throws IOException {
        try (FSDataOutputStream out = hdfs.create(p, true)) {
            out.write(bytes);
        }
    }

    @Test
    void roundTripPruningAndReplacement() throws IOException {
        CheckpointStore store = store("a", 2);
        assertEquals(Optional.empty(), store.latest());
        for (int it = 1; it <= 4; it++) store.save(CheckpointStoreTest.checkpoint(it * 10, 1000));
        assertEquals(List.of("ckpt-000000000030", "ckpt-000000000040"), names(store));
        assertTrue(store.dir().toString().startsWith("hdfs://"), store.dir().toString());
        assertEquals(Optional.of(CheckpointStoreTest.checkpoint(40, 1000)), store.latest());
        assertEquals(CheckpointStoreTest.checkpoint(30, 1000), store.read(store.pathOf(30)));

        // HDFS's FileSystem.rename refuses an existing target; the store replaces it.
        CheckpointStore rerun = store("a", 2);
        rerun.save(CheckpointStoreTest.checkpoint(40, 1500));
        assertEquals(List.of("ckpt-000000000030", "ckpt-000000000040"), names(rerun));
        assertEquals(Optional.of(CheckpointStoreTest.checkpoint(40, 1500)), rerun.latest());
    }

    @Test
    void truncatedOrFlippedNewestFallsBack() throws IOException, InterruptedException {
        CheckpointStore store = store("b", 3);
        store.save(CheckpointStoreTest.checkpoint(1, 2000));
        store.save(CheckpointStoreTest.checkpoint(2, 2000));
        Path newest = store.pathOf(2);
        byte[] good = readAll(newest);

        // Truncated with HDFS's own truncate (waiting for block recovery when it needs one).
        if (!hdfs.truncate(newest, good.length - 1000)) {
            for (int i = 0; i < 100 && !hdfs.isFileClosed(newest); i++) Thread.sleep(100);
        }
        assertEquals(good.length - 1000, hdfs.getFileStatus(newest).getLen());
        assertEquals(Optional.of(CheckpointStoreTest.checkpoint(1, 2000)), store.latest());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(newest.toString()) && warnings.get(0).contains("truncated"), warnings.get(0));

        // One flipped bit in the payload.
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x04;
        overwrite(newest, flipped);
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> store.read(newest));
        assertTrue(e.getMessage().contains("checksum mismatch: payload CRC32C"), e.getMessage());
        assertEquals(Optional.of(CheckpointStoreTest.checkpoint(1, 2000)), store.latest());

        // The rerun resumes from 1, redoes iteration 2 and replaces the corrupt file.
        store.save(CheckpointStoreTest.checkpoint(2, 2000));
        assertEquals(Optional.of(CheckpointStoreTest.checkpoint(2, 2000)), store.latest());
        assertEquals(List.of("ckpt-000000000001", "ckpt-000000000002"), names(store));
    }

    /** Bit rot in the only replica of the newest checkpoint's block, found by HDFS's own checksums. */
    @Test
    void corruptReplicaOnTheDatanodeFallsBack() throws IOException {
        CheckpointStore store = store("d", 3);
        store.save(CheckpointStoreTest.checkpoint(1, 300));
        store.save(CheckpointStoreTest.checkpoint(2, 300));
        assertEquals(1, cluster.corruptBlockOnDataNodes(DFSTestUtil.getFirstBlock(hdfs, store.pathOf(2))));
        assertEquals(Optional.of(CheckpointStoreTest.checkpoint(1, 300)), store.latest());
        assertTrue(warnings.get(0).contains("ckpt-000000000002"), warnings.toString());
    }

    @Test
    void crashedSaveLeavesOnlyAnIgnoredTemporary() throws IOException {
        CheckpointStore store = store("c", 3);
        store.save(CheckpointStoreTest.checkpoint(5, 100));
        byte[] partial = Arrays.copyOf(readAll(store.pathOf(5)), 500);
        overwrite(new Path(store.dir(), "_tmp-ckpt-000000000006-0c1d"), partial);
        assertEquals(Optional.of(CheckpointStoreTest.checkpoint(5, 100)), store.latest());
        assertTrue(warnings.isEmpty(), warnings.toString());
        FileStatus[] all = hdfs.listStatus(store.dir());
        assertEquals(2, all.length);
    }
}
