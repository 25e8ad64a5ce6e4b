package dev.sparkrnn.data;

/**
 * The project's seeded hashes: pure functions of their arguments, the same on every JVM, so what they
 * decide (which update uses a sequence, which word is dropped, which record validates) does not depend on
 * partitioning, retries or resumption. Each is a SplitMix64-style finalizer over a combination of the
 * arguments with odd 64-bit constants.
 */
public final class Mix {
    private static final long A = 0x9E3779B97F4A7C15L, B = 0xC2B2AE3D27D4EB4FL, C = 0x165667B19E3779F9L;
    private static final long D = 0x632BE59BD9B4E019L;

    private Mix() {
    }

    /** A 64-bit hash of three numbers: SplitMix64's finalizer over a*A + b*B + c*C. */
    public static long hash(long a, long b, long c) {
        return splitMix64(a * A + b * B + c * C);
    }

    /** A uniform number in [0, 1) from three numbers: SplitMix64's finalizer over a*A + b*B + c*C + D. */
    public static double uniform(long a, long b, long c) {
        return unit(splitMix64(a * A + b * B + c * C + D));
    }

    /** A uniform number in [0, 1) from a key and a seed (the validation split of records and text blocks). */
    public static double uniform(long key, long seed) {
        long z = (key + D) * A ^ seed * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
        z ^= z >>> 29;
        return unit(z);
    }

    /** SplitMix64's finalizer. */
    private static long splitMix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The top 53 bits as a number in [0, 1). */
    private static double unit(long z) {
        return (z >>> 11) * 0x1.0p-53;
    }
}
