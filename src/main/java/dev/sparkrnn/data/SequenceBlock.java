package dev.sparkrnn.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Several encoded sequences packed into one {@code double[]}, for APIs that move one numeric vector per
 * record (MLlib's L-BFGS): [count, then per sequence: id, length, input kind (1 tokens, 0 features),
 * inputs, class count, classes, value count, values]. Token and class indices are exact in a double.
 */
public final class SequenceBlock {
    private SequenceBlock() {
    }

    public static double[] encode(List<EncodedSequence> sequences) {
        int n = 1;
        for (EncodedSequence s : sequences) {
            n += 3 + (s.tokens != null ? s.tokens.length : s.features.length) + 2
                    + (s.classes != null ? s.classes.length : 0) + (s.values != null ? s.values.length : 0);
        }
        double[] out = new double[n];
        int p = 0;
        out[p++] = sequences.size();
        for (EncodedSequence s : sequences) {
            out[p++] = s.id;
            out[p++] = s.length;
            if (s.tokens != null) {
                out[p++] = 1;
                for (int v : s.tokens) out[p++] = v;
            } else {
                out[p++] = 0;
                System.arraycopy(s.features, 0, out, p, s.features.length);
                p += s.features.length;
            }
            int c = s.classes == null ? 0 : s.classes.length;
            out[p++] = c;
            for (int i = 0; i < c; i++) out[p++] = s.classes[i];
            int v = s.values == null ? 0 : s.values.length;
            out[p++] = v;
            if (v > 0) System.arraycopy(s.values, 0, out, p, v);
            p += v;
        }
        return out;
    }

    /** The sequences of a block; {@code inputSize} is D (features per step of dense input). */
    public static List<EncodedSequence> decode(double[] block, int inputSize) {
        int p = 0;
        int count = (int) block[p++];
        List<EncodedSequence> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            long id = (long) block[p++];
            int length = (int) block[p++];
            int[] tokens = null;
            double[] features = null;
            if (block[p++] == 1) {
                tokens = new int[length];
                for (int t = 0; t < length; t++) tokens[t] = (int) block[p++];
            } else {
                features = new double[length * inputSize];
                System.arraycopy(block, p, features, 0, features.length);
                p += features.length;
            }
            int c = (int) block[p++];
            int[] classes = null;
            if (c > 0) {
                classes = new int[c];
                for (int i = 0; i < c; i++) classes[i] = (int) block[p++];
            }
            int v = (int) block[p++];
            double[] values = null;
            if (v > 0) {
                values = new double[v];
                System.arraycopy(block, p, values, 0, v);
                p += v;
            }
            out.add(new EncodedSequence(id, tokens, features, length, classes, values));
        }
        return out;
    }
}
