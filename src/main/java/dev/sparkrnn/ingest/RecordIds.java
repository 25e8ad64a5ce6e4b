package dev.sparkrnn.ingest;

/**
 * Stable record ids: {@code fileIndex * 2^43 + line * 2^11 + piece}, where the file index is the file's
 * position among the input files sorted by path, the line (or row) is the record's first line in that file,
 * and the piece numbers the parts of a sequence cut by {@link LengthLimit} (0 when not cut). The same files
 * therefore give the same ids however Spark partitions them, and the trainer's sampling, a function of the
 * id, does not depend on partitioning. Limits: 2^20 files, 2^32 lines per file, 2^11 pieces per record
 * (exceeding one throws). Ids are never negative.
 */
public final class RecordIds {
    static final int PIECE_BITS = 11;
    static final int LINE_BITS = 32;
    static final int FILE_BITS = 20;

    private RecordIds() {
    }

    public static long of(int fileIndex, long line, int piece) {
        if (fileIndex < 0 || fileIndex >= 1 << FILE_BITS) {
            throw new IllegalArgumentException("more than " + (1 << FILE_BITS) + " input files");
        }
        if (line < 0 || line >= 1L << LINE_BITS) throw new IllegalArgumentException("line number out of range: " + line);
        if (piece < 0 || piece >= 1 << PIECE_BITS) {
            throw new IllegalArgumentException("a sequence cut into more than " + (1 << PIECE_BITS)
                    + " pieces: raise max.length");
        }
        return ((long) fileIndex << (LINE_BITS + PIECE_BITS)) | (line << PIECE_BITS) | piece;
    }

    public static int fileIndex(long id) {
        return (int) (id >>> (LINE_BITS + PIECE_BITS));
    }

    public static long line(long id) {
        return (id >>> PIECE_BITS) & ((1L << LINE_BITS) - 1);
    }

    public static int piece(long id) {
        return (int) (id & ((1 << PIECE_BITS) - 1));
    }
}
