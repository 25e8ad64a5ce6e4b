package dev.sparkrnn.kernel;

import java.util.Arrays;

/**
 * A batch of variable-length sequences in the packed, time-major layout the kernel computes on.
 *
 * <p>Sequences are added in any order, then {@link #pack()} sorts them by length, longest first, and
 * lays out one column per real time step: step t holds the {@code stepCount(t)} sequences still
 * running at t, in columns {@code stepStart(t) .. stepStart(t) + stepCount(t)}. Padding never exists,
 * so no work is spent past a sequence's end, and the sequences active at a step are a prefix, so each
 * step of the recurrence is one matrix product over contiguous columns. {@link #packedIndex(int)}
 * maps the order of addition to the packed order (in which hidden states are read and written).
 *
 * <p>The batch is reusable: {@link #clear()} keeps every array, so a partition reuses one batch and
 * allocates only while its capacity grows.
 */
public final class SequenceBatch {
    private final RnnLayout layout;
    private final Head head;
    private final TargetMode mode;

    // staging, in the order sequences were added
    private int count;
    private int[] seqStart = new int[16];
    private int[] seqLength = new int[16];
    private int stagedSteps;
    private int[] stTokens = new int[0];
    private double[] stFeatures = new double[0];
    private int[] stClass = new int[0];
    private double[] stValues = new double[0];
    private boolean[] stHas = new boolean[0];

    // packed
    private boolean packed;
    private int[] order = new int[16];      // packed b -> added index
    private int[] packedOf = new int[16];   // added index -> packed b
    private int[] lengths = new int[16];    // packed b -> length
    private int maxLength;
    private int columns;
    private int[] stepStart = new int[2];
    private int[] tokens = new int[0];
    private double[] features = new double[0];
    private int[] targetClass = new int[0];
    private double[] targetValues = new double[0];
    private boolean[] hasTarget = new boolean[0];
    private int targetCount;
    // float32 copies of the packed features and value targets, made on first use after each pack()
    private float[] features32 = new float[0];
    private float[] targetValues32 = new float[0];
    private boolean features32Ready;
    private boolean targetValues32Ready;

    public SequenceBatch(RnnLayout layout, Head head, TargetMode mode) {
        this.layout = layout;
        this.head = head;
        this.mode = mode;
    }

    public RnnLayout layout() { return layout; }
    public Head head() { return head; }
    public TargetMode mode() { return mode; }

    /** Forgets all sequences, keeping the arrays. */
    public void clear() {
        count = 0;
        stagedSteps = 0;
        packed = false;
    }

    /**
     * Starts a sequence of {@code length} steps, returns its index in order of addition. Its inputs and
     * targets are then set with the {@code set...} methods; class targets start as -1 (none) and dense
     * targets as absent.
     */
    public int addSequence(int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("a sequence needs at least one step, got length " + length);
        }
        packed = false;
        if (count == seqStart.length) {
            int n = count * 2;
            seqStart = Arrays.copyOf(seqStart, n);
            seqLength = Arrays.copyOf(seqLength, n);
        }
        seqStart[count] = stagedSteps;
        seqLength[count] = length;
        int need = stagedSteps + length;
        int targets = mode == TargetMode.EVERY_STEP ? need : count + 1;
        ensureStaging(need, targets);
        int first = targetSlot(count, 0);
        int slots = mode == TargetMode.EVERY_STEP ? length : 1;
        if (head.classTargets()) {
            Arrays.fill(stClass, first, first + slots, -1);
        }
        Arrays.fill(stHas, first, first + slots, false);
        stagedSteps = need;
        return count++;
    }

    private void ensureStaging(int steps, int targets) {
        if (layout.oneHotInput) {
            if (stTokens.length < steps) stTokens = Arrays.copyOf(stTokens, grow(stTokens.length, steps));
        } else if (stFeatures.length < (long) steps * layout.inputSize) {
            stFeatures = Arrays.copyOf(stFeatures, grow(stFeatures.length, steps * layout.inputSize));
        }
        if (head.classTargets()) {
            if (stClass.length < targets) stClass = Arrays.copyOf(stClass, grow(stClass.length, targets));
        } else if (stValues.length < (long) targets * layout.outputSize) {
            stValues = Arrays.copyOf(stValues, grow(stValues.length, targets * layout.outputSize));
        }
        if (stHas.length < targets) stHas = Arrays.copyOf(stHas, grow(stHas.length, targets));
    }

    private static int grow(int have, int need) {
        return Math.max(need, Math.max(16, have + (have >> 1)));
    }

    private int targetSlot(int seq, int t) {
        return mode == TargetMode.EVERY_STEP ? seqStart[seq] + t : seq;
    }

    private void checkStep(int seq, int t) {
        if (seq < 0 || seq >= count || t < 0 || t >= seqLength[seq]) {
            throw new IndexOutOfBoundsException("sequence " + seq + " step " + t);
        }
    }

    /** One-hot input: x_t of sequence {@code seq} is token {@code token} in [0, D). */
    public void setToken(int seq, int t, int token) {
        checkStep(seq, t);
        if (token < 0 || token >= layout.inputSize) {
            throw new IllegalArgumentException("token " + token + " outside the vocabulary [0, " + layout.inputSize + ")");
        }
        stTokens[seqStart[seq] + t] = token;
    }

    /** Dense input: x_t of sequence {@code seq} is {@code src[off .. off+D)}. */
    public void setFeatures(int seq, int t, double[] src, int off) {
        checkStep(seq, t);
        System.arraycopy(src, off, stFeatures, (seqStart[seq] + t) * layout.inputSize, layout.inputSize);
    }

    /** Class target at step t (EVERY_STEP) or of the sequence (LAST_STEP, t ignored); -1 means none. */
    public void setClassTarget(int seq, int t, int cls) {
        if (mode == TargetMode.EVERY_STEP) checkStep(seq, t);
        if (cls < -1 || cls >= layout.outputSize) {
            throw new IllegalArgumentException("class " + cls + " outside [0, " + layout.outputSize + ")");
        }
        int slot = targetSlot(seq, t);
        stClass[slot] = cls;
        stHas[slot] = cls >= 0;
    }

    /** Dense target (K values) at step t (EVERY_STEP) or of the sequence (LAST_STEP, t ignored). */
    public void setValueTarget(int seq, int t, double[] src, int off) {
        if (mode == TargetMode.EVERY_STEP) checkStep(seq, t);
        int slot = targetSlot(seq, t);
        System.arraycopy(src, off, stValues, slot * layout.outputSize, layout.outputSize);
        stHas[slot] = true;
    }

    /** Convenience: a token sequence with a class target at every step (language model, tagging). */
    public int addTokens(int[] x, int[] y, int off, int length) {
        int s = addSequence(length);
        for (int t = 0; t < length; t++) {
            setToken(s, t, x[off + t]);
            setClassTarget(s, t, y[off + t]);
        }
        return s;
    }

    /**
     * Fills {@code r} (cleared first) with this packed batch's sequences, each reversed within its own length,
     * added in packed order so that {@code r} packs the same way; inputs only (the bidirectional RNN's
     * backward direction reads them).
     */
    public void reverseInto(SequenceBatch r) {
        r.clear();
        int d = layout.inputSize;
        for (int b = 0; b < size(); b++) {
            int len = length(b);
            int q = r.addSequence(len);
            for (int t = 0; t < len; t++) {
                int col = stepStart(len - 1 - t) + b;
                if (layout.oneHotInput) {
                    r.setToken(q, t, tokens()[col]);
                } else {
                    r.setFeatures(q, t, features(), col * d);
                }
            }
        }
        r.pack();
    }

    /** Sorts by length (longest first, ties in order of addition) and lays the batch out by column. */
    public void pack() {
        if (count == 0) {
            throw new IllegalStateException("empty batch");
        }
        if (order.length < count) {
            order = new int[seqStart.length];
            packedOf = new int[seqStart.length];
            lengths = new int[seqStart.length];
        }
        // stable insertion of indices by decreasing length (batches are small)
        for (int i = 0; i < count; i++) {
            int j = i;
            while (j > 0 && seqLength[order[j - 1]] < seqLength[i]) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
        for (int b = 0; b < count; b++) {
            packedOf[order[b]] = b;
            lengths[b] = seqLength[order[b]];
        }
        maxLength = lengths[0];
        if (stepStart.length < maxLength + 1) stepStart = new int[Math.max(maxLength + 1, stepStart.length * 2)];
        int c = 0;
        int active = count;
        for (int t = 0; t < maxLength; t++) {
            while (lengths[active - 1] <= t) active--;
            stepStart[t] = c;
            c += active;
        }
        stepStart[maxLength] = c;
        columns = c;
        int d = layout.inputSize;
        int k = layout.outputSize;
        int targets = mode == TargetMode.EVERY_STEP ? columns : count;
        if (layout.oneHotInput) {
            if (tokens.length < columns) tokens = new int[grow(tokens.length, columns)];
        } else if (features.length < columns * d) {
            features = new double[grow(features.length, columns * d)];
        }
        if (head.classTargets()) {
            if (targetClass.length < targets) targetClass = new int[grow(targetClass.length, targets)];
        } else if (targetValues.length < targets * k) {
            targetValues = new double[grow(targetValues.length, targets * k)];
        }
        if (hasTarget.length < targets) hasTarget = new boolean[grow(hasTarget.length, targets)];

        for (int t = 0; t < maxLength; t++) {
            int n = stepCount(t);
            for (int b = 0; b < n; b++) {
                int col = stepStart[t] + b;
                int src = seqStart[order[b]] + t;
                if (layout.oneHotInput) {
                    tokens[col] = stTokens[src];
                } else {
                    System.arraycopy(stFeatures, src * d, features, col * d, d);
                }
                if (mode == TargetMode.EVERY_STEP) {
                    copyTarget(src, col);
                }
            }
        }
        if (mode == TargetMode.LAST_STEP) {
            for (int b = 0; b < count; b++) {
                copyTarget(order[b], b);
            }
        }
        targetCount = 0;
        for (int i = 0; i < targets; i++) {
            if (hasTarget[i]) targetCount++;
        }
        packed = true;
        features32Ready = false;
        targetValues32Ready = false;
    }

    private void copyTarget(int src, int dst) {
        hasTarget[dst] = stHas[src];
        if (head.classTargets()) {
            targetClass[dst] = stClass[src];
        } else {
            System.arraycopy(stValues, src * layout.outputSize, targetValues, dst * layout.outputSize, layout.outputSize);
        }
    }

    private void requirePacked() {
        if (!packed) throw new IllegalStateException("call pack() after adding sequences");
    }

    /** B: number of sequences. */
    public int size() { return count; }
    /** Longest sequence length. */
    public int maxLength() { requirePacked(); return maxLength; }
    /** Total number of real time steps (columns). */
    public int columns() { requirePacked(); return columns; }
    /** First column of step t (t may equal maxLength: the end). */
    public int stepStart(int t) { requirePacked(); return stepStart[t]; }
    /** Number of sequences running at step t (0 at or past maxLength). */
    public int stepCount(int t) { return t >= maxLength ? 0 : stepStart[t + 1] - stepStart[t]; }
    /** Length of the packed sequence b. */
    public int length(int b) { requirePacked(); return lengths[b]; }
    /** Packed position of the sequence added as {@code added}. */
    public int packedIndex(int added) { requirePacked(); return packedOf[added]; }
    /** Index in order of addition of packed sequence b. */
    public int addedIndex(int b) { requirePacked(); return order[b]; }
    /** Number of targets that count in the loss. */
    public int targetCount() { requirePacked(); return targetCount; }

    /**
     * Whether output slot {@code i} has a target: a packed column for EVERY_STEP, a packed sequence for
     * LAST_STEP (the {@code first + j} of an {@link RnnKernel.OutputSink}).
     */
    public boolean hasTargetAt(int i) { requirePacked(); return hasTarget[i]; }

    /** The class target of output slot {@code i} (see {@link #hasTargetAt}). */
    public int classTargetAt(int i) { requirePacked(); return targetClass[i]; }
    /** The token at packed column {@code i} (one-hot input). */
    public int tokenAt(int i) { requirePacked(); return tokens[i]; }

    int[] tokens() { return tokens; }
    double[] features() { return features; }
    int[] targetClass() { return targetClass; }
    double[] targetValues() { return targetValues; }
    boolean[] hasTarget() { return hasTarget; }

    /** The packed features in float32 (the float32 kernel's input), rounded once per pack. */
    float[] features32() {
        requirePacked();
        if (!features32Ready && !layout.oneHotInput) {
            features32 = rounded(features, columns * layout.inputSize, features32);
            features32Ready = true;
        }
        return features32;
    }

    /** The packed value targets in float32, rounded once per pack. */
    float[] targetValues32() {
        requirePacked();
        if (!targetValues32Ready && !head.classTargets()) {
            int n = (mode == TargetMode.EVERY_STEP ? columns : count) * layout.outputSize;
            targetValues32 = rounded(targetValues, n, targetValues32);
            targetValues32Ready = true;
        }
        return targetValues32;
    }

    /** The first {@code n} values of {@code src} rounded to float32 into {@code dst} (grown when too short). */
    private static float[] rounded(double[] src, int n, float[] dst) {
        return Precision.toFloat32(src, n, dst.length < n ? new float[grow(dst.length, n)] : dst);
    }
}
