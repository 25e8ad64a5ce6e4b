package dev.sparkrnn.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Scoring in float32 (what {@code predict} does when the job's precision is float32) gives the labels of
 * float64 and their probabilities within 2e-5 (sequences of up to 30 steps), for taggers and classifiers, unidirectional and bidirectional.
 */
class LabellerPrecisionTest {
    /** Probabilities after up to 30 recurrent steps (float32's unit round-off is 6e-8; it compounds through time). */
    private static final double BOUND = 2e-5;

    @Test
    void float32LabelsAreFloat64sWithinRoundOff() {
        SplittableRandom rng = new SplittableRandom(3);
        List<int[]> sequences = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int[] tokens = new int[1 + rng.nextInt(30)];
            for (int t = 0; t < tokens.length; t++) tokens[t] = rng.nextInt(20);
            sequences.add(tokens);
        }
        RnnLayout layout = new RnnLayout(20, 32, 6, true);
        int checked = 0;
        for (TargetMode mode : TargetMode.values()) {
            for (Network net : List.of(Network.rnn(layout, Head.SOFTMAX_CROSS_ENTROPY, mode),
                    Network.bidirectional(layout, Head.SOFTMAX_CROSS_ENTROPY, mode))) {
                double[] theta = net.initialize(8, 1.0);
                List<Labeller.Labels> a = new Labeller(net, theta, 16, 32, Precision.FLOAT64).label(sequences);
                List<Labeller.Labels> b = new Labeller(net, theta, 16, 32, Precision.FLOAT32).label(sequences);
                int ties = 0, differ = 0;
                for (int i = 0; i < sequences.size(); i++) {
                    for (int t = 0; t < a.get(i).classes().length; t++) {
                        double p = a.get(i).probabilities()[t], q = b.get(i).probabilities()[t];
                        if (a.get(i).classes()[t] != b.get(i).classes()[t]) {
                            ties++;   // only where two classes are within round-off of each other
                        } else {
                            assertEquals(p, q, BOUND, net.describe() + " sequence " + i + " step " + t);
                            if (p != q) differ++;
                        }
                    }
                }
                assertEquals(0, ties, net.describe() + ": labels differ");
                assertTrue(differ > 0, net.describe() + ": float32 gave float64's probabilities bit for bit");
                checked++;
            }
        }
        assertEquals(4, checked);
    }
}
