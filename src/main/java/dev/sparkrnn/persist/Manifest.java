package dev.sparkrnn.persist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The {@code _SUCCESS} marker of a model directory, which also lists the size and CRC32C of each of its files,
 * so that the directory verifies itself without any side file (Hadoop's {@code .crc} files do not survive a
 * copy to an object store or a {@code cp dir/*}):
 * <pre>
 * spark-rnn-manifest 1
 * metadata.json 1234 CRC32C 1a2b3c4d
 * parameters.bin 520 CRC32C 5e6f7a8b
 * </pre>
 * An empty marker is a model written before manifests existed: it is read as it always was (the parameters
 * still checked against the CRC32C in {@code metadata.json}).
 */
final class Manifest {
    static final String HEADER = "spark-rnn-manifest 1";
    private static final Pattern LINE = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*) ([0-9]+) CRC32C ([0-9a-f]{8})");
    private static final long MAX_BYTES = 1 << 16;

    /** One file's size and checksum. */
    record Entry(long bytes, String crc32c) { }

    private Manifest() {
    }

    /** The marker's text for these files. */
    static byte[] encode(Map<String, Entry> files) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        files.forEach((name, e) -> b.append(name).append(' ').append(e.bytes()).append(" CRC32C ").append(e.crc32c()).append('\n'));
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The files a marker lists; empty for an empty marker (an older model). */
    static Map<String, Entry> read(FileSystem fs, Path marker) throws IOException {
        FileStatus status = fs.getFileStatus(marker);
        Map<String, Entry> out = new LinkedHashMap<>();
        if (status.getLen() == 0) return out;
        if (status.getLen() > MAX_BYTES) throw invalid(marker, "has " + status.getLen() + " bytes");
        byte[] bytes = new byte[(int) status.getLen()];
        try (FSDataInputStream in = fs.open(marker)) {
            in.readFully(bytes);
        }
        String[] lines = new String(bytes, StandardCharsets.US_ASCII).split("\n");
        if (!lines[0].equals(HEADER)) throw invalid(marker, "does not start with \"" + HEADER + "\"");
        for (int i = 1; i < lines.length; i++) {
            var m = LINE.matcher(lines[i]);
            if (!m.matches()) throw invalid(marker, "line " + (i + 1) + " is not \"NAME BYTES CRC32C HEX\": " + lines[i]);
            out.put(m.group(1), new Entry(Long.parseLong(m.group(2)), m.group(3)));
        }
        return out;
    }

    /** Throws unless {@code bytes} and {@code crc32c} of {@code file} are what the manifest lists (if it lists it). */
    static void verify(Map<String, Entry> manifest, Path file, long bytes, String crc32c) throws InvalidModelException {
        Entry e = manifest.get(file.getName());
        if (e == null) return;
        if (e.bytes() != bytes || !e.crc32c().equals(crc32c)) {
            throw new InvalidModelException(file, "checksum mismatch: " + file + " has " + bytes + " bytes with CRC32C "
                    + crc32c + ", but the model's " + ModelFiles.SUCCESS + " lists " + e.bytes() + " bytes with CRC32C "
                    + e.crc32c() + "; the model is corrupt (copy or write it again)");
        }
    }

    private static InvalidModelException invalid(Path marker, String what) {
        return new InvalidModelException(marker, "invalid model: its marker " + marker + " " + what);
    }
}
