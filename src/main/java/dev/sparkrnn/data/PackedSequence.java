package dev.sparkrnn.data;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.nio.ByteBuffer;

/**
 * The serialized form of an {@link EncodedSequence}: what Spark writes to shuffle files, to disk when a
 * partition does not fit in memory, and across the network. Integer arrays take the narrowest width that
 * holds them (one byte per step for a character vocabulary of fewer than 255 symbols, two below 65,535), and
 * next-token targets (a language model's, {@code y_t = x_{t+1}}) are not stored: only the last one is. A
 * character sequence of 100 steps packs into about 120 bytes instead of the 800 its two {@code int[]} take.
 * Doubles (features, value targets) are stored as they are, so the round trip is exact.
 *
 * <pre>
 *   version  flags  id:long  length:int  [tokens | features]  [classes | last class | values]  [source]
 *   int array = width:byte (1, 2 or 4), then n values (+1 when 1 or 2 bytes wide, so -1 fits)
 * </pre>
 */
public final class PackedSequence implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final byte VERSION = 1;
    private static final int TOKENS = 1;
    private static final int CLASSES = 2;
    private static final int NEXT_TOKEN = 4;
    private static final int SOURCE_TOKENS = 8;
    private static final int SOURCE_FEATURES = 16;

    private final byte[] bytes;

    private PackedSequence(byte[] bytes) {
        this.bytes = bytes;
    }

    static PackedSequence of(EncodedSequence r) {
        return new PackedSequence(pack(r));
    }

    /** The packed bytes of a sequence. */
    public static byte[] pack(EncodedSequence r) {
        boolean next = r.tokens != null && r.classes != null && nextToken(r.tokens, r.classes);
        int size = 2 + 8 + 4;
        size += r.tokens != null ? arraySize(r.tokens) : 4 + 8 * r.features.length;
        size += next ? 4 : r.classes != null ? arraySize(r.classes) : 4 + 8 * r.values.length;
        if (r.sourceTokens != null) size += 4 + arraySize(r.sourceTokens);
        if (r.sourceFeatures != null) size += 4 + 4 + 8 * r.sourceFeatures.length;
        ByteBuffer b = ByteBuffer.allocate(size);
        int flags = (r.tokens != null ? TOKENS : 0) | (r.classes != null ? CLASSES : 0) | (next ? NEXT_TOKEN : 0)
                | (r.sourceTokens != null ? SOURCE_TOKENS : 0) | (r.sourceFeatures != null ? SOURCE_FEATURES : 0);
        b.put(VERSION).put((byte) flags).putLong(r.id).putInt(r.length);
        if (r.tokens != null) putInts(b, r.tokens); else putDoubles(b, r.features);
        if (next) b.putInt(r.classes[r.classes.length - 1]);
        else if (r.classes != null) putInts(b, r.classes);
        else putDoubles(b, r.values);
        if (r.sourceTokens != null) {
            b.putInt(r.sourceLength);
            putInts(b, r.sourceTokens);
        }
        if (r.sourceFeatures != null) {
            b.putInt(r.sourceLength);
            putDoubles(b, r.sourceFeatures);
        }
        return b.array();
    }

    /** The id of the sequence packed in {@code bytes}, read without unpacking it. */
    public static long id(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getLong(2);
    }

    /** The length of the sequence packed in {@code bytes}, read without unpacking it. */
    public static int length(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getInt(10);
    }

    /** The sequence packed in {@code bytes}. */
    public static EncodedSequence unpack(byte[] bytes) {
        try {
            return unpack(ByteBuffer.wrap(bytes));
        } catch (InvalidObjectException | java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("corrupt packed sequence: " + e.getMessage(), e);
        }
    }

    /** Java serialization reads this form back as the sequence it was written from. */
    private Object readResolve() throws ObjectStreamException {
        try {
            return unpack(ByteBuffer.wrap(bytes));
        } catch (RuntimeException e) {
            InvalidObjectException bad = new InvalidObjectException("corrupt packed sequence: " + e);
            bad.initCause(e);
            throw bad;
        }
    }

    private static EncodedSequence unpack(ByteBuffer b) throws InvalidObjectException {
        if (b.get() != VERSION) throw new InvalidObjectException("packed sequence of another version");
        int flags = b.get();
        long id = b.getLong();
        int length = b.getInt();
        int[] tokens = (flags & TOKENS) != 0 ? getInts(b) : null;
        double[] features = tokens == null ? getDoubles(b) : null;
        int[] classes = null;
        double[] values = null;
        if ((flags & NEXT_TOKEN) != 0) {
            classes = new int[tokens.length];
            System.arraycopy(tokens, 1, classes, 0, tokens.length - 1);
            classes[tokens.length - 1] = b.getInt();
        } else if ((flags & CLASSES) != 0) {
            classes = getInts(b);
        } else {
            values = getDoubles(b);
        }
        int sourceLength = 0;
        int[] sourceTokens = null;
        double[] sourceFeatures = null;
        if ((flags & SOURCE_TOKENS) != 0) {
            sourceLength = b.getInt();
            sourceTokens = getInts(b);
        } else if ((flags & SOURCE_FEATURES) != 0) {
            sourceLength = b.getInt();
            sourceFeatures = getDoubles(b);
        }
        return new EncodedSequence(id, tokens, features, length, classes, values, sourceTokens, sourceFeatures,
                sourceLength);
    }

    /** Whether classes are the tokens moved one step: y_t = x_{t+1} for every t but the last. */
    private static boolean nextToken(int[] tokens, int[] classes) {
        if (classes.length != tokens.length) return false;
        for (int t = 0; t + 1 < tokens.length; t++) {
            if (classes[t] != tokens[t + 1]) return false;
        }
        return true;
    }

    private static int width(int[] a) {
        int min = 0;
        int max = 0;
        for (int v : a) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (min >= -1 && max < 0xFF) return 1;
        if (min >= -1 && max < 0xFFFF) return 2;
        return 4;
    }

    private static int arraySize(int[] a) {
        return 1 + 4 + width(a) * a.length;
    }

    private static void putInts(ByteBuffer b, int[] a) {
        int w = width(a);
        b.put((byte) w).putInt(a.length);
        switch (w) {
            case 1 -> {
                byte[] d = b.array();
                int p = b.position();
                for (int i = 0; i < a.length; i++) d[p + i] = (byte) (a[i] + 1);
                b.position(p + a.length);
            }
            case 2 -> { for (int v : a) b.putChar((char) (v + 1)); }
            default -> { for (int v : a) b.putInt(v); }
        }
    }

    private static int[] getInts(ByteBuffer b) throws InvalidObjectException {
        int w = b.get();
        int[] a = new int[count(b, w)];
        switch (w) {
            case 1 -> {
                byte[] d = b.array();
                int p = b.position();
                for (int i = 0; i < a.length; i++) a[i] = (d[p + i] & 0xFF) - 1;
                b.position(p + a.length);
            }
            case 2 -> { for (int i = 0; i < a.length; i++) a[i] = b.getChar() - 1; }
            case 4 -> { for (int i = 0; i < a.length; i++) a[i] = b.getInt(); }
            default -> throw new InvalidObjectException("packed integers of width " + w);
        }
        return a;
    }

    /** An array's length, checked against the bytes left (a corrupt length must not allocate gigabytes). */
    private static int count(ByteBuffer b, int width) throws InvalidObjectException {
        int n = b.getInt();
        if (n < 0 || (long) n * Math.max(width, 1) > b.remaining()) throw new InvalidObjectException("packed sequence cut short");
        return n;
    }

    private static void putDoubles(ByteBuffer b, double[] a) {
        b.putInt(a.length);
        for (double v : a) b.putDouble(v);
    }

    private static double[] getDoubles(ByteBuffer b) throws InvalidObjectException {
        double[] a = new double[count(b, 8)];
        for (int i = 0; i < a.length; i++) a[i] = b.getDouble();
        return a;
    }

}
