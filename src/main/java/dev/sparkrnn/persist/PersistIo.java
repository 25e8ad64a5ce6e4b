package dev.sparkrnn.persist;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.StreamCapabilities;

/**
 * The byte-level pieces checkpoints and saved models share: big-endian doubles in chunks with a CRC32C, and
 * files made durable before they are closed.
 */
final class PersistIo {
    /** I/O chunk, a multiple of 8. */
    static final int CHUNK_BYTES = 1 << 20;
    /** The prefix of everything being written; the leading {@code _} also hides it from Hadoop input formats. */
    static final String TMP_PREFIX = "_tmp-";

    private PersistIo() {
    }

    /** Receives encoded bytes, a chunk at a time. */
    @FunctionalInterface
    interface ChunkSink {
        void accept(byte[] bytes, int length) throws IOException;
    }

    /** Writes the body of a file. */
    @FunctionalInterface
    interface Body {
        void writeTo(FSDataOutputStream out) throws IOException;
    }

    /**
     * Creates {@code file} (failing if it exists), writes it, and makes it durable before closing it: synced
     * to the datanodes' disks on HDFS (fsync'd locally), flushed where the stream cannot sync.
     */
    static void writeDurably(FileSystem fs, Path file, Body body) throws IOException {
        try (FSDataOutputStream out = fs.create(file, false)) {
            body.writeTo(out);
            if (out.hasCapability(StreamCapabilities.HSYNC)) {
                out.hsync();
            } else {
                out.hflush();
            }
        }
    }

    /** Feeds the arrays, one after the other, to {@code sink} as big-endian IEEE 754 bytes, a chunk at a time. */
    static void encodeDoubles(double[][] arrays, ByteBuffer chunk, ChunkSink sink) throws IOException {
        int perChunk = chunk.capacity() / Double.BYTES;
        for (double[] a : arrays) {
            for (int off = 0; off < a.length; off += perChunk) {
                int n = Math.min(perChunk, a.length - off);
                chunk.clear();
                chunk.asDoubleBuffer().put(a, off, n);
                sink.accept(chunk.array(), n * Double.BYTES);
            }
        }
    }

    /** Feeds {@code a} to {@code sink} as big-endian IEEE 754 single-precision bytes (each value must be a float32 value). */
    static void encodeFloats(double[] a, ByteBuffer chunk, ChunkSink sink) throws IOException {
        int perChunk = chunk.capacity() / Float.BYTES;
        for (int off = 0; off < a.length; off += perChunk) {
            int n = Math.min(perChunk, a.length - off);
            chunk.clear();
            for (int i = 0; i < n; i++) chunk.putFloat((float) a[off + i]);
            sink.accept(chunk.array(), n * Float.BYTES);
        }
    }

    /** Reads {@code count} big-endian floats, widened, into {@code dst}, adding every byte to {@code crc}. */
    static void decodeFloats(DataInputStream in, double[] dst, int count, CRC32C crc, byte[] chunk) throws IOException {
        ByteBuffer view = ByteBuffer.wrap(chunk);   // big-endian
        int perChunk = chunk.length / Float.BYTES;
        for (int done = 0; done < count; ) {
            int n = Math.min(perChunk, count - done);
            in.readFully(chunk, 0, n * Float.BYTES);
            crc.update(chunk, 0, n * Float.BYTES);
            view.clear();
            for (int i = 0; i < n; i++) dst[done + i] = view.getFloat();
            done += n;
        }
    }

    /**
     * Reads {@code count} big-endian doubles into {@code dst} from index 0 (or only checksums them when
     * {@code dst} is null), adding every byte to {@code crc}.
     */
    static void decodeDoubles(DataInputStream in, double[] dst, long count, CRC32C crc, byte[] chunk)
            throws IOException {
        ByteBuffer view = ByteBuffer.wrap(chunk);   // big-endian
        int perChunk = chunk.length / Double.BYTES;
        for (long done = 0; done < count; ) {
            int n = (int) Math.min(perChunk, count - done);
            in.readFully(chunk, 0, n * Double.BYTES);
            crc.update(chunk, 0, n * Double.BYTES);
            if (dst != null) {
                view.clear();
                view.asDoubleBuffer().get(dst, (int) done, n);
            }
            done += n;
        }
    }

    /** A CRC32C as 8 lower-case hex digits. */
    static String hex(CRC32C crc) {
        return String.format("%08x", crc.getValue());
    }
}
