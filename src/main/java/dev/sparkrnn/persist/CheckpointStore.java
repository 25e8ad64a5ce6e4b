package dev.sparkrnn.persist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves training {@link Checkpoint}s to one directory of any Hadoop file system and finds the newest one
 * that verifies, so a rerun resumes where the last run stopped and loses nothing.
 *
 * <h2>Directory</h2>
 * <ul>
 *   <li>{@code ckpt-000000001200}: the checkpoint after iteration 1200 (12 digits, zero-padded, so names sort
 *       like iterations).</li>
 *   <li>{@code _tmp-ckpt-000000001200-<uuid>}: a checkpoint being written. {@link #save} writes the whole
 *       file under such a name, syncs and closes it, and only then renames it to its final name, so a final
 *       name never shows a half-written file. A crash leaves the temporary behind: {@link #latest()} ignores
 *       it and a later save deletes it once it is an hour old. (The leading {@code _} also hides it from
 *       Hadoop input formats.)</li>
 * </ul>
 * After each save only the newest {@code keep} checkpoints that verify are kept; older ones are deleted. A
 * checkpoint that does not verify is never counted, so a corrupt newest file cannot push out the good ones.
 * The store is not thread-safe and assumes one writer per directory.
 *
 * <h2>File format, version {@value #FORMAT_VERSION}</h2>
 * <pre>
 * offset  bytes  content
 * 0       8      magic, ASCII "SRNNCKPT"
 * 8       4      format version, int32 big-endian (1)
 * 12      4      header length H, int32 big-endian
 * 16      4      CRC32C of the H header bytes, int32 big-endian
 * 20      H      header: a UTF-8 JSON object
 *                  {"iteration":1200, "seed":42, "dataPosition":7, "fingerprint":"...",
 *                   "info":{"key":"value", ...}, "paramsLength":n, "optimizerStateLength":m,
 *                   "payloadCrc32c":"89abcdef"}
 * 20+H    8n     params: IEEE 754 doubles, big-endian
 * 20+H+8n 8m     optimizerState: the same
 * </pre>
 * The file ends right after the payload. {@code payloadCrc32c} is the CRC32C of the 8(n+m) payload bytes as
 * 8 lower-case hex digits; with the header's own CRC32C every byte after the magic and version is checked.
 * A reader refuses a newer format version ({@link NewerCheckpointFormatException}) and reports every other
 * problem (bad magic, truncation, trailing bytes, checksum mismatch, unreadable header) as a
 * {@link CorruptCheckpointException} naming the file. No Java serialization is involved.
 */
public final class CheckpointStore {
    /** The format this class writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    static final byte[] MAGIC = "SRNNCKPT".getBytes(StandardCharsets.US_ASCII);
    /** Magic, version, header length and header CRC. */
    static final int PREFIX_BYTES = MAGIC.length + 3 * Integer.BYTES;
    static final String TMP_PREFIX = PersistIo.TMP_PREFIX;
    /** Temporaries older than this are left over from a crashed save and are deleted. */
    static final long STALE_TMP_MILLIS = 60 * 60 * 1000L;

    private static final long MAX_ITERATION = 999_999_999_999L;
    private static final int MAX_HEADER_BYTES = 16 << 20;
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final Pattern NAME = Pattern.compile("ckpt-(\\d{12})");
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Configuration conf;
    private final FileSystem fs;
    private final Path dir;
    private final int keep;
    /** Files known to verify ("path|length|mtime"), so pruning reads each file at most once. */
    private final Set<String> verified = new HashSet<>();

    /**
     * @param conf Hadoop configuration (file system settings, credentials)
     * @param dir  the checkpoint directory, any Hadoop path or URI ({@code hdfs://host:port/runs/a},
     *             {@code file:///data/runs/a}); a path without a scheme is on {@code fs.defaultFS}, which is
     *             the local file system unless configured otherwise. Created on the first save.
     * @param keep how many verified checkpoints to keep, at least 1
     */
    public CheckpointStore(Configuration conf, String dir, int keep) throws IOException {
        if (keep < 1) throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        this.conf = Objects.requireNonNull(conf, "conf");
        Path p = new Path(Objects.requireNonNull(dir, "dir"));
        this.fs = p.getFileSystem(conf);
        this.dir = fs.makeQualified(p);
        this.keep = keep;
    }

    /** The checkpoint directory, fully qualified. */
    public Path dir() {
        return dir;
    }

    /** Where the checkpoint of {@code iteration} is (or would be) stored. */
    public Path pathOf(long iteration) {
        if (iteration < 0 || iteration > MAX_ITERATION) {
            throw new IllegalArgumentException("iteration must be in [0, " + MAX_ITERATION + "], got " + iteration);
        }
        return new Path(dir, String.format("ckpt-%012d", iteration));
    }

    /**
     * Writes {@code c} atomically as {@code ckpt-<iteration>}, replacing an existing file of that name, then
     * deletes checkpoints older than the newest {@code keep} that verify (never the one just written) and
     * stale temporaries (a failure there is only logged). When this returns, the checkpoint is durable as far
     * as the file system offers: synced to the datanodes' disks on HDFS.
     */
    public void save(Checkpoint c) throws IOException {
        Path dst = pathOf(c.iteration());
        Path tmp = new Path(dir, TMP_PREFIX + dst.getName() + "-" + UUID.randomUUID());
        fs.mkdirs(dir);
        try {
            write(tmp, c);
            if (!fs.rename(tmp, dst)) {
                // FileSystem.rename does not replace an existing file on HDFS; FileContext's OVERWRITE does,
                // atomically where the file system can (HDFS).
                if (!fs.exists(dst)) throw new IOException("could not rename " + tmp + " to " + dst);
                FileContext.getFileContext(dir.toUri(), conf).rename(tmp, dst, Options.Rename.OVERWRITE);
            }
        } catch (IOException | RuntimeException e) {
            try {
                fs.delete(tmp, false);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        verified.add(key(fs.getFileStatus(dst)));
        try {
            prune(dst.getName());
        } catch (IOException e) {
            // The checkpoint is safe; housekeeping is retried by the next save.
            LOG.warn("saved " + dst + " but could not delete older checkpoints: " + e);
        }
    }

    /**
     * The newest checkpoint in the directory that verifies, or empty when there is none (or no directory).
     * Corrupt newer ones are skipped with a warning naming the file and the problem. Comparing the
     * checkpoint's fingerprint with the current configuration is the caller's job.
     *
     * @throws NewerCheckpointFormatException when the newest readable candidate was written by a newer
     *                                        spark-rnn (falling back past it would drop its progress)
     * @throws IOException                    when the file system fails (not a corrupt file)
     */
    public Optional<Checkpoint> latest() throws IOException {
        List<FileStatus> checkpoints = new ArrayList<>();
        listing(checkpoints, null);
        for (FileStatus f : checkpoints) {
            try {
                Checkpoint c = verify(f, true);
                return Optional.of(c);
            } catch (CorruptCheckpointException e) {
                LOG.warn(e.getMessage() + "; falling back to the previous checkpoint");
            }
        }
        return Optional.empty();
    }

    /**
     * Reads and verifies one checkpoint file.
     *
     * @throws CorruptCheckpointException     bad magic, truncated, trailing bytes, checksum mismatch or an
     *                                        unreadable header; the message names the file and the problem
     * @throws NewerCheckpointFormatException the file's format version is newer than {@link #FORMAT_VERSION}
     */
    public Checkpoint read(Path file) throws IOException {
        return decode(file, true);
    }

    // ---------------------------------------------------------------------------------------------------
    // writing

    private void write(Path tmp, Checkpoint c) throws IOException {
        double[][] payload = {c.params(), c.optimizerState()};
        ByteBuffer chunk = ByteBuffer.allocate(PersistIo.CHUNK_BYTES);   // big-endian
        // The payload CRC goes into the header, which precedes the payload: one pass to checksum, one to write.
        CRC32C payloadCrc = new CRC32C();
        PersistIo.encodeDoubles(payload, chunk, (bytes, n) -> payloadCrc.update(bytes, 0, n));

        ObjectNode h = JSON.createObjectNode();
        h.put("iteration", c.iteration());
        h.put("seed", c.seed());
        h.put("dataPosition", c.dataPosition());
        h.put("fingerprint", c.fingerprint());
        ObjectNode info = h.putObject("info");
        new TreeMap<>(c.info()).forEach(info::put);
        h.put("paramsLength", c.params().length);
        h.put("optimizerStateLength", c.optimizerState().length);
        h.put("payloadCrc32c", PersistIo.hex(payloadCrc));
        byte[] header = JSON.writeValueAsBytes(h);
        CRC32C headerCrc = new CRC32C();
        headerCrc.update(header);
        ByteBuffer prefix = ByteBuffer.allocate(PREFIX_BYTES).put(MAGIC).putInt(FORMAT_VERSION)
                .putInt(header.length).putInt((int) headerCrc.getValue());

        PersistIo.writeDurably(fs, tmp, out -> {
            out.write(prefix.array());
            out.write(header);
            PersistIo.encodeDoubles(payload, chunk, (bytes, n) -> out.write(bytes, 0, n));
        });
    }

    // ---------------------------------------------------------------------------------------------------
    // reading

    /** Reads {@code f} as a checkpoint of the directory: decoded, and its iteration matching its name. */
    private Checkpoint verify(FileStatus f, boolean values) throws IOException {
        Path p = f.getPath();
        long named = Long.parseLong(p.getName().substring("ckpt-".length()));
        Checkpoint c = decode(p, values);
        if (c.iteration() != named) {
            throw new CorruptCheckpointException(p, "its header says iteration " + c.iteration()
                    + " but its name says " + named);
        }
        verified.add(key(f));
        return c;
    }

    /** Reads and verifies {@code file}; without {@code values} the arrays are checksummed, not kept (returned empty). */
    private Checkpoint decode(Path file, boolean values) throws IOException {
        FileSystem fileFs = file.getFileSystem(conf);
        long size = fileFs.getFileStatus(file).getLen();
        try (FSDataInputStream in = fileFs.open(file)) {
            return decode(file, in, size, values);
        } catch (ChecksumException e) {
            throw new CorruptCheckpointException(file, "checksum mismatch reported by the file system ("
                    + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new CorruptCheckpointException(file, "truncated (unexpected end of file)", e);
        }
    }

    private static Checkpoint decode(Path file, DataInputStream in, long size, boolean values) throws IOException {
        if (size < MAGIC.length) throw truncated(file, size, MAGIC.length, "the magic");
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new CorruptCheckpointException(file, "bad magic " + printable(magic) + " (expected "
                    + printable(MAGIC) + "): not a spark-rnn checkpoint");
        }
        if (size < MAGIC.length + Integer.BYTES) throw truncated(file, size, MAGIC.length + Integer.BYTES, "the version");
        int version = in.readInt();
        if (version > FORMAT_VERSION) throw new NewerCheckpointFormatException(file, version, FORMAT_VERSION);
        if (version < 1) throw new CorruptCheckpointException(file, "unknown format version " + version);
        if (size < PREFIX_BYTES) throw truncated(file, size, PREFIX_BYTES, "the header length and checksum");
        int headerLength = in.readInt();
        int headerCrc = in.readInt();
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES) {
            throw new CorruptCheckpointException(file, "header length " + headerLength + " out of range");
        }
        if (size < PREFIX_BYTES + (long) headerLength) {
            throw truncated(file, size, PREFIX_BYTES + (long) headerLength, "the header");
        }
        byte[] header = new byte[headerLength];
        in.readFully(header);
        CRC32C crc = new CRC32C();
        crc.update(header);
        if ((int) crc.getValue() != headerCrc) {
            throw new CorruptCheckpointException(file, String.format(
                    "header checksum mismatch: CRC32C is %s, the file says %08x", PersistIo.hex(crc), headerCrc));
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(header);
        } catch (JsonProcessingException e) {
            throw new CorruptCheckpointException(file, "unreadable header: " + e.getOriginalMessage(), e);
        }
        JsonFields h = JsonFields.of(tree, "header field ", "header",
                problem -> new CorruptCheckpointException(file, problem));

        long iteration = h.longValue("iteration");
        long seed = h.longValue("seed");
        long dataPosition = h.longValue("dataPosition");
        String fingerprint = h.text("fingerprint");
        Map<String, String> info = h.textMap("info");
        long n = h.longValue("paramsLength", 0, MAX_ARRAY);
        long m = h.longValue("optimizerStateLength", 0, MAX_ARRAY);
        String expectedCrc = h.text("payloadCrc32c");

        long expectedSize = PREFIX_BYTES + (long) headerLength + Double.BYTES * (n + m);
        if (size < expectedSize) throw truncated(file, size, expectedSize, "the payload its header announces");
        if (size > expectedSize) {
            throw new CorruptCheckpointException(file, (size - expectedSize) + " unexpected bytes after the payload"
                    + " (file has " + size + " bytes, its header announces " + expectedSize + ")");
        }

        crc.reset();
        byte[] chunk = new byte[PersistIo.CHUNK_BYTES];
        double[] params = new double[values ? (int) n : 0];
        double[] optimizerState = new double[values ? (int) m : 0];
        PersistIo.decodeDoubles(in, values ? params : null, n, crc, chunk);
        PersistIo.decodeDoubles(in, values ? optimizerState : null, m, crc, chunk);
        String actualCrc = PersistIo.hex(crc);
        if (!actualCrc.equals(expectedCrc)) {
            throw new CorruptCheckpointException(file, "checksum mismatch: payload CRC32C is " + actualCrc
                    + ", the header says " + expectedCrc);
        }
        return new Checkpoint(iteration, params, optimizerState, seed, dataPosition, fingerprint, info);
    }

    private static CorruptCheckpointException truncated(Path file, long size, long needed, String what) {
        return new CorruptCheckpointException(file, "truncated: the file has " + size + " bytes, " + what
                + " needs " + needed);
    }

    private static String printable(byte[] bytes) {
        StringBuilder s = new StringBuilder("\"");
        for (byte b : bytes) {
            s.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff));
        }
        return s.append('"').toString();
    }

    // ---------------------------------------------------------------------------------------------------
    // housekeeping

    /** Lists the directory: checkpoints newest first, and (when asked) temporaries. Missing dir: nothing. */
    private void listing(List<FileStatus> checkpoints, List<FileStatus> temporaries) throws IOException {
        FileStatus[] all;
        try {
            all = fs.listStatus(dir);
        } catch (FileNotFoundException e) {
            return;
        }
        for (FileStatus s : all) {
            String name = s.getPath().getName();
            if (!s.isFile()) continue;
            if (NAME.matcher(name).matches()) {
                checkpoints.add(s);
            } else if (temporaries != null && name.startsWith(TMP_PREFIX + "ckpt-")) {
                temporaries.add(s);
            }
        }
        checkpoints.sort(Comparator.comparing((FileStatus s) -> s.getPath().getName()).reversed());
    }

    /** Keeps the newest {@code keep} verified checkpoints and {@code written}; deletes older ones and stale temporaries. */
    private void prune(String written) throws IOException {
        List<FileStatus> checkpoints = new ArrayList<>();
        List<FileStatus> temporaries = new ArrayList<>();
        listing(checkpoints, temporaries);
        int good = 0;
        for (FileStatus f : checkpoints) {
            if (f.getPath().getName().equals(written)) {
                good++;
            } else if (good >= keep) {
                delete(f, "older than the newest " + keep + " good checkpoints");
            } else if (isGood(f)) {
                good++;
            }
            // A newer file that does not verify stays (latest() skips it) until enough good ones pass it.
        }
        long staleBefore = System.currentTimeMillis() - STALE_TMP_MILLIS;
        for (FileStatus t : temporaries) {
            if (t.getModificationTime() < staleBefore) delete(t, "temporary left by an interrupted save");
        }
    }

    private boolean isGood(FileStatus f) throws IOException {
        if (verified.contains(key(f))) return true;
        try {
            verify(f, false);
            return true;
        } catch (CorruptCheckpointException | NewerCheckpointFormatException e) {
            LOG.warn(e.getMessage() + "; not counted among the " + keep + " checkpoints kept");
            return false;
        }
    }

    private void delete(FileStatus f, String why) throws IOException {
        verified.remove(key(f));
        if (fs.delete(f.getPath(), false)) {
            LOG.debug("deleted {}: {}", f.getPath(), why);
        }
    }

    private static String key(FileStatus f) {
        return f.getPath() + "|" + f.getLen() + "|" + f.getModificationTime();
    }
}
