package dev.sparkrnn.persist;

import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.kernel.RnnLayout;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model files: writes a trained {@link SavedModel} to a directory of any Hadoop file system and reads it back,
 * verified.
 *
 * <h2>Directory, format versions 1 and {@value #FORMAT}</h2>
 * A model stored in float64 is written in format 1, which every spark-rnn reads; a model trained in float32
 * ({@link SavedModel#storage()}) stores its parameters as float32, half the bytes, in format 2, which a reader
 * of format 1 only refuses (format 2 differs in nothing else).
 * <pre>
 * my-model/
 *   metadata.json     what the model is: JSON in pure ASCII (other characters are written as escapes)
 *   parameters.bin    theta: the parameters as IEEE 754 doubles (format 2 with dtype float32: singles),
 *                     big-endian, nothing else
 *   _SUCCESS          written last: the manifest, each file's size and CRC32C ({@link Manifest}); empty in
 *                     models written before manifests
 * </pre>
 *
 * <h3>{@code parameters.bin}</h3>
 * The {@code count} doubles of theta. A single RNN is one {@link RnnLayout} block of H D + H H + K H + H + K
 * doubles, in its order: U (H x D), V (H x H), W (K x H), each column-major (element (i, j) of U is value
 * {@code offsets.U + i + j * H}), then b_h (H) and b_o (K). A bidirectional model is two such blocks, the
 * forward RNN's then the backward RNN's. An encoder–decoder ({@link dev.sparkrnn.kernel.EncoderDecoderLayout})
 * is the encoder's block (D = the source's, K = 0: U_e, V_e, b_e), then the decoder's block (D = K = the
 * target vocabulary) from {@code offsets.decoderBase}, then, when the context is fed each step, C (H x H,
 * column-major) from {@code offsets.C}. The file is exactly 8 x count bytes (4 x count in float32), with no
 * header, so any tool reads it (numpy: {@code numpy.fromfile(f, dtype=">f8")}, or {@code ">f4"} for float32).
 * Its CRC32C is recorded in {@code metadata.json}.
 *
 * <h3>{@code metadata.json}</h3>
 * <pre>
 * {
 *   "format" : 1,                            1, or 2 for float32 parameters; a reader refuses a newer one
 *   "modelType" : "rnn",                     the network ({@link #MODEL_TYPES}): "encoder-decoder" when the
 *                                            shape has an encoder, else "rnn" ({@link #modelTypeOf})
 *   "shape" : { "D" : 5, "H" : 4, "K" : 5,   input, hidden and output sizes (of the decoder, if an encoder)
 *               "oneHot" : true,             x_t is a token index (else D real values)
 *               "head" : "SOFTMAX_CROSS_ENTROPY",   a {@link dev.sparkrnn.kernel.Head} name
 *               "targetMode" : "EVERY_STEP",        a {@link dev.sparkrnn.kernel.TargetMode} name
 *               "bidirectional" : true,             optional: two RNN blocks (absent: false)
 *               "encoder" : { "D" : 6, "oneHot" : true, "feedContext" : true } },   optional: an encoder–decoder,
 *                                            its source size and kind, and whether C c is fed to every step
 *   "task" : "char-lm",                      free text: char-lm, classify, tag, series, ...
 *   "configuration" : { "hidden" : "4", ... },     the training settings, strings
 *   "vocabulary" : [ "\n", " ", "a", ... ],  input tokens by index (one-hot: D of them, or none); for a
 *                                            character model one character each, in code-point order; for an
 *                                            encoder–decoder the target tokens, among them "&lt;s&gt;", "&lt;/s&gt;"
 *   "labels" : [ ],                          output classes by index (K of them, or none)
 *   "sourceVocabulary" : [ "a", "b", ... ],  optional: the encoder's input tokens by index (one-hot source:
 *                                            encoder.D of them); absent for none
 *   "normalization" : { "means" : [ ... ], "stds" : [ ... ] },   optional: per channel, x' = (x - mean) / std;
 *                                            of an encoder–decoder, its dense source's (encoder.D channels)
 *   "provenance" : { "input" : "data/shakespeare.txt", "seed" : 42, "sparkVersion" : "4.2.0",
 *                    "projectVersion" : "0.1.0", "created" : "2026-11-25T11:45:56Z",   ISO-8601, UTC
 *                    "host" : "...", "user" : "..." },                                 optional
 *   "metrics" : { "loss" : 1.52, "iterations" : 2000, "stopped" : "converged" },   numbers or strings
 *   "parameters" : { "file" : "parameters.bin", "count" : 65,
 *                    "offsets" : { "U" : 0, "V" : 20, "W" : 36, "b_h" : 56, "b_o" : 60 },   within each block
 *                                            (of shape's D, H, K); an encoder–decoder adds "decoderBase" and,
 *                                            with feedContext, "C", both from the start of the file
 *                    "byteOrder" : "big-endian", "matrixOrder" : "column-major",
 *                    "dtype" : "float64",    or "float32" (format 2 only); absent: float64
 *                    "checksum" : { "algorithm" : "CRC32C", "value" : "1a2b3c4d" } }   8 lower-case hex digits
 * }
 * </pre>
 * Readers ignore fields they do not know, so a field may be added without a new format version; anything an
 * older reader would misread (a renamed or re-interpreted field, another parameter encoding) takes a new
 * version, and this reader keeps reading every older version (a test reads a model frozen in version 1).
 * The bidirectional and encoder–decoder fields were added so, within version 1: a reader older than them
 * refuses an encoder–decoder by its {@code modelType}, and a bidirectional model by its parameter count,
 * before it could misread either.
 *
 * <h3>Writing</h3>
 * {@link #write} writes the three files, each synced, into a temporary sibling directory
 * {@code _tmp-<name>-<uuid>} and renames it to the final name only when all are complete, so the final name
 * never shows a partial model (the rename is atomic on HDFS and local disks; on object stores a rename is a
 * copy, and {@code _SUCCESS}, checked by the reader, is what marks a complete model). An existing model is
 * replaced only when asked ({@code overwrite}): it is renamed aside to {@code _tmp-<name>-<uuid>-old}, the new
 * one renamed in, and the old one deleted; a directory that is not a model is never replaced. A crash leaves
 * only {@code _tmp-...} directories, which are safe to delete (the leading {@code _} hides them from Hadoop
 * input formats).
 *
 * <h3>Reading</h3>
 * {@link #read} checks, in this order, and says what is wrong and where: the directory exists; {@code _SUCCESS}
 * is there ("incomplete model"); the size and CRC32C of {@code metadata.json} match what {@code _SUCCESS}
 * lists ("checksum mismatch": a flipped byte in a vocabulary is caught without Hadoop's {@code .crc} side
 * files); {@code format} is at most {@value #FORMAT} ({@link NewerModelFormatException});
 * {@code modelType} is known; every field is present and consistent (sizes, vocabulary and label counts);
 * {@code modelType} matches the shape (an encoder or not); the parameter count and offsets match the shape;
 * {@code dtype} is float64, or float32 in format 2; the parameter file has 8 (float32: 4) x count bytes; its CRC32C matches ("checksum mismatch", naming the file). Every
 * refusal but a missing directory
 * ({@link FileNotFoundException}) is an {@link InvalidModelException}. No Java serialization is involved.
 */
public final class ModelFiles {
    /** The newest format this class writes (for float32 parameters; float64 models are written in format 1) and reads. */
    public static final int FORMAT = 2;
    /** The format of float64 models, the first. */
    public static final int FORMAT_FLOAT64 = 1;
    /** The model types this version reads and writes. */
    public static final Set<String> MODEL_TYPES = Set.of("rnn", "encoder-decoder");
    public static final String METADATA = "metadata.json";
    public static final String PARAMETERS = "parameters.bin";
    public static final String SUCCESS = "_SUCCESS";

    static final String BYTE_ORDER = "big-endian";
    static final String MATRIX_ORDER = "column-major";
    static final String CHECKSUM_ALGORITHM = "CRC32C";

    private static final long MAX_METADATA_BYTES = 256L << 20;
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern CRC_HEX = Pattern.compile("[0-9a-f]{8}");
    private static final Logger LOG = LoggerFactory.getLogger(ModelFiles.class);

    private ModelFiles() {
    }

    /** The model type a shape is saved as: {@code "encoder-decoder"} with an encoder, {@code "rnn"} without. */
    public static String modelTypeOf(ModelMetadata.Shape shape) {
        return shape.encoder() != null ? "encoder-decoder" : "rnn";
    }

    /**
     * Writes {@code model} as the directory {@code dir}, atomically (see the class comment).
     *
     * @param conf      Hadoop configuration (file system settings, credentials)
     * @param dir       the model directory, any Hadoop path or URI; a path without a scheme is on
     *                  {@code fs.defaultFS}. Its parent is created when missing.
     * @param overwrite replace an existing model at {@code dir}
     * @return the model directory, fully qualified
     * @throws FileAlreadyExistsException {@code dir} exists and {@code overwrite} is false, or it exists and is
     *                                    not a model (a file, or a directory with other things in it)
     */
    public static Path write(Configuration conf, String dir, SavedModel model, boolean overwrite) throws IOException {
        Objects.requireNonNull(model, "model");
        String type = model.metadata().modelType();
        if (!MODEL_TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown model type \"" + type + "\"; known: " + MODEL_TYPES);
        }
        String expected = modelTypeOf(model.metadata().shape());
        if (!type.equals(expected)) {
            throw new IllegalArgumentException("model type \"" + type + "\" does not match the shape "
                    + model.metadata().shape() + ", which is an \"" + expected + "\"");
        }
        Path p = new Path(Objects.requireNonNull(dir, "dir"));
        FileSystem fs = p.getFileSystem(conf);
        Path target = fs.makeQualified(p);
        Path parent = target.getParent();
        if (parent == null) throw new IllegalArgumentException("a model needs a directory of its own, not " + target);
        if (fs.exists(target)) requireReplaceable(fs, target, overwrite);   // before writing gigabytes

        String id = UUID.randomUUID().toString();
        Path tmp = new Path(parent, PersistIo.TMP_PREFIX + target.getName() + "-" + id);
        try {
            if (!fs.mkdirs(tmp)) throw new IOException("could not create " + tmp);
            writeContents(fs, tmp, model);
            publish(conf, fs, tmp, target, overwrite, new Path(parent, tmp.getName() + "-old"));
        } catch (IOException | RuntimeException e) {
            try {
                fs.delete(tmp, true);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return target;
    }

    /**
     * Reads and verifies the model directory {@code dir} (see the class comment for the checks).
     *
     * @throws FileNotFoundException      there is nothing at {@code dir}
     * @throws NewerModelFormatException  it was written by a newer spark-rnn
     * @throws InvalidModelException      incomplete, inconsistent or corrupt; the message says what and where
     */
    public static SavedModel read(Configuration conf, String dir) throws IOException {
        Path p = new Path(Objects.requireNonNull(dir, "dir"));
        FileSystem fs = p.getFileSystem(conf);
        Path d = fs.makeQualified(p);
        FileStatus status;
        try {
            status = fs.getFileStatus(d);
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException("no model at " + d + ": the directory does not exist");
        }
        if (!status.isDirectory()) {
            throw new InvalidModelException(d, "not a model: " + d + " is a file; a model is a directory with "
                    + METADATA + ", " + PARAMETERS + " and " + SUCCESS);
        }
        if (!fs.exists(new Path(d, SUCCESS))) {
            throw new InvalidModelException(d, "incomplete model: " + d + " has no " + SUCCESS + " marker (its "
                    + "writer did not finish, or it was copied partially); write or copy it again");
        }
        Map<String, Manifest.Entry> manifest = Manifest.read(fs, new Path(d, SUCCESS));
        Path metaFile = new Path(d, METADATA);
        byte[] metaBytes = readMetadata(fs, d, metaFile);
        CRC32C metaCrc = new CRC32C();
        metaCrc.update(metaBytes);
        Manifest.verify(manifest, metaFile, metaBytes.length, PersistIo.hex(metaCrc));
        JsonFields root = MetadataJson.parse(metaFile, metaBytes);

        int format = root.intValue("format", Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (format > FORMAT) throw new NewerModelFormatException(d, format, FORMAT);
        if (format < 1) throw root.fail("format", "= " + format + " is not a format version");
        String type = root.text("modelType");
        if (!MODEL_TYPES.contains(type)) {
            throw root.fail("modelType", "= \"" + type + "\" is not a model type this spark-rnn knows "
                    + MODEL_TYPES + " (a newer spark-rnn may know it)");
        }
        ModelMetadata metadata = MetadataJson.metadata(root);
        String expected = modelTypeOf(metadata.shape());
        if (!type.equals(expected)) {
            throw root.fail("modelType", "= \"" + type + "\" does not match its shape " + metadata.shape() + ", which"
                    + " is an \"" + expected + "\" (shape.encoder is there exactly for an encoder-decoder)");
        }
        MetadataJson.Parameters params = MetadataJson.parameters(root);
        int count = metadata.shape().parameterCount();
        if (params.count() != count) {
            throw new InvalidModelException(metaFile, "wrong parameter count: " + metaFile + " says "
                    + params.count() + " parameters, but its shape " + metadata.shape() + " has " + count);
        }
        Map<String, Long> offsets = MetadataJson.Parameters.offsetsOf(metadata.shape());
        if (!params.offsets().equals(offsets)) {
            throw root.fail("parameters.offsets", "= " + params.offsets() + " do not match the layout of "
                    + metadata.shape() + ": " + offsets);
        }
        requireValue(root, "parameters.byteOrder", params.byteOrder(), BYTE_ORDER);
        requireValue(root, "parameters.matrixOrder", params.matrixOrder(), MATRIX_ORDER);
        requireValue(root, "parameters.checksum.algorithm", params.checksumAlgorithm(), CHECKSUM_ALGORITHM);
        if (!CRC_HEX.matcher(params.checksum()).matches()) {
            throw root.fail("parameters.checksum.value", "= \"" + params.checksum() + "\" is not 8 lower-case hex digits");
        }
        if (!PLAIN_NAME.matcher(params.file()).matches() || params.file().equals(METADATA)) {
            throw root.fail("parameters.file", "= \"" + params.file() + "\" is not a file name in the model directory");
        }
        Precision storage;
        try {
            storage = Precision.of(params.dtype());
        } catch (IllegalArgumentException e) {
            throw root.fail("parameters.dtype", "= \"" + params.dtype() + "\" is not supported (\""
                    + Precision.FLOAT64.setting() + "\" or \"" + Precision.FLOAT32.setting() + "\")");
        }
        if (storage == Precision.FLOAT32 && format < 2) {
            throw root.fail("parameters.dtype", "= \"float32\" needs format 2, but the model says format " + format);
        }
        double[] theta = readParameters(fs, new Path(d, params.file()), count, storage, params.checksum(), manifest);
        return new SavedModel(metadata, theta, storage);
    }

    // ---------------------------------------------------------------------------------------------------
    // writing

    private static void writeContents(FileSystem fs, Path tmp, SavedModel model) throws IOException {
        double[] theta = model.params();
        boolean float32 = model.storage() == Precision.FLOAT32;
        long bytes = (long) bytesPerValue(model.storage()) * theta.length;
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(PersistIo.CHUNK_BYTES, Math.max(8L, bytes)));
        CRC32C crc = new CRC32C();
        PersistIo.writeDurably(fs, new Path(tmp, PARAMETERS), out -> {
            PersistIo.ChunkSink write = (b, n) -> {
                crc.update(b, 0, n);
                out.write(b, 0, n);
            };
            if (float32) {
                PersistIo.encodeFloats(theta, chunk, write);
            } else {
                PersistIo.encodeDoubles(new double[][] {theta}, chunk, write);
            }
        });
        MetadataJson.Parameters params = new MetadataJson.Parameters(PARAMETERS, theta.length,
                MetadataJson.Parameters.offsetsOf(model.metadata().shape()), BYTE_ORDER, MATRIX_ORDER, CHECKSUM_ALGORITHM,
                PersistIo.hex(crc), model.storage().setting());
        byte[] json = MetadataJson.encode(float32 ? FORMAT : FORMAT_FLOAT64, model.metadata(), params);
        PersistIo.writeDurably(fs, new Path(tmp, METADATA), out -> out.write(json));
        CRC32C metaCrc = new CRC32C();
        metaCrc.update(json);
        Map<String, Manifest.Entry> files = new LinkedHashMap<>();
        files.put(METADATA, new Manifest.Entry(json.length, PersistIo.hex(metaCrc)));
        files.put(PARAMETERS, new Manifest.Entry(bytes, PersistIo.hex(crc)));
        byte[] manifest = Manifest.encode(files);
        PersistIo.writeDurably(fs, new Path(tmp, SUCCESS), out -> out.write(manifest));
    }

    /** Renames the complete {@code tmp} to {@code target}, moving an existing model aside first when asked. */
    private static void publish(Configuration conf, FileSystem fs, Path tmp, Path target, boolean overwrite, Path old)
            throws IOException {
        try {
            rename(conf, fs, tmp, target);
            return;
        } catch (FileAlreadyExistsException e) {
            // appeared while we wrote, or the model being replaced
            requireReplaceable(fs, target, overwrite);
        }
        rename(conf, fs, target, old);
        try {
            rename(conf, fs, tmp, target);
        } catch (IOException | RuntimeException e) {
            try {
                rename(conf, fs, old, target);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        try {
            if (!fs.delete(old, true)) LOG.warn("replaced " + target + " but could not delete the old model " + old);
        } catch (IOException e) {
            LOG.warn("replaced " + target + " but could not delete the old model " + old + ": " + e);
        }
    }

    /**
     * Renames {@code src} to a {@code dst} that must not exist. FileSystem.rename would move {@code src} into
     * {@code dst} when that is an existing directory; FileContext's rename refuses instead (atomically on HDFS).
     * A file system without a FileContext binding gets a check, then FileSystem.rename.
     */
    private static void rename(Configuration conf, FileSystem fs, Path src, Path dst) throws IOException {
        FileContext fc;
        try {
            fc = FileContext.getFileContext(dst.toUri(), conf);
        } catch (UnsupportedFileSystemException e) {
            if (fs.exists(dst)) throw new FileAlreadyExistsException(dst + " already exists");
            if (!fs.rename(src, dst)) throw new IOException("could not rename " + src + " to " + dst);
            return;
        }
        fc.rename(src, dst, Options.Rename.NONE);
    }

    /** Throws unless {@code target} may be replaced: asked to, and it is a model (or an empty directory). */
    private static void requireReplaceable(FileSystem fs, Path target, boolean overwrite) throws IOException {
        if (!overwrite) {
            throw new FileAlreadyExistsException("model " + target + " already exists; pass overwrite=true to"
                    + " replace it, or choose another path");
        }
        FileStatus status = fs.getFileStatus(target);
        if (status.isDirectory() && (fs.exists(new Path(target, METADATA)) || fs.exists(new Path(target, SUCCESS))
                || fs.listStatus(target).length == 0)) {
            return;
        }
        throw new FileAlreadyExistsException("refusing to overwrite " + target + ": it is not a spark-rnn model ("
                + (status.isDirectory() ? "a directory without " + METADATA : "a file") + ")");
    }

    // ---------------------------------------------------------------------------------------------------
    // reading

    private static byte[] readMetadata(FileSystem fs, Path dir, Path file) throws IOException {
        FileStatus status;
        try {
            status = fs.getFileStatus(file);
        } catch (FileNotFoundException e) {
            throw new InvalidModelException(dir, "invalid model: " + dir + " has no " + METADATA);
        }
        if (status.getLen() > MAX_METADATA_BYTES) {
            throw new InvalidModelException(file, "invalid model: " + file + " has " + status.getLen()
                    + " bytes, more than a model's metadata can (" + MAX_METADATA_BYTES + ")");
        }
        byte[] bytes = new byte[(int) status.getLen()];
        try (FSDataInputStream in = fs.open(file)) {
            in.readFully(bytes);
        } catch (ChecksumException e) {
            throw fileSystemChecksum(file, e);
        } catch (EOFException e) {
            throw new InvalidModelException(file, "invalid model: " + file + " is shorter than its listed length", e);
        }
        return bytes;
    }

    private static int bytesPerValue(Precision storage) {
        return storage == Precision.FLOAT32 ? Float.BYTES : Double.BYTES;
    }

    private static double[] readParameters(FileSystem fs, Path file, int count, Precision storage, String expectedCrc,
                                           Map<String, Manifest.Entry> manifest) throws IOException {
        FileStatus status;
        try {
            status = fs.getFileStatus(file);
        } catch (FileNotFoundException e) {
            throw new InvalidModelException(file, "invalid model: its parameter file " + file + " is missing");
        }
        long bytes = (long) bytesPerValue(storage) * count;
        if (status.getLen() != bytes) {
            throw new InvalidModelException(file, "wrong parameter count: " + file + " has " + status.getLen()
                    + " bytes, but " + count + " " + storage.setting() + " parameters are " + bytes + " bytes");
        }
        double[] theta = new double[count];
        CRC32C crc = new CRC32C();
        byte[] chunk = new byte[(int) Math.min(PersistIo.CHUNK_BYTES, Math.max(8L, bytes))];
        try (FSDataInputStream in = fs.open(file)) {
            if (storage == Precision.FLOAT32) {
                PersistIo.decodeFloats(in, theta, count, crc, chunk);
            } else {
                PersistIo.decodeDoubles(in, theta, count, crc, chunk);
            }
        } catch (ChecksumException e) {
            throw fileSystemChecksum(file, e);
        } catch (EOFException e) {
            throw new InvalidModelException(file, "invalid model: " + file + " is shorter than its listed length", e);
        }
        String actual = PersistIo.hex(crc);
        Manifest.verify(manifest, file, bytes, actual);
        if (!actual.equals(expectedCrc)) {
            throw new InvalidModelException(file, "checksum mismatch: " + file + " has CRC32C " + actual + ", but "
                    + METADATA + " says " + expectedCrc + "; the file is corrupt (copy or write the model again)");
        }
        return theta;
    }

    private static InvalidModelException fileSystemChecksum(Path file, ChecksumException e) {
        return new InvalidModelException(file, "checksum mismatch: the file system's checksum of " + file
                + " fails (" + e.getMessage() + "); the file is corrupt (copy or write the model again)", e);
    }

    private static void requireValue(JsonFields root, String field, String value, String expected) throws IOException {
        if (!expected.equals(value)) {
            throw root.fail(field, "= \"" + value + "\" is not supported (only \"" + expected + "\")");
        }
    }
}
