package dev.sparkrnn.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.kernel.Decoded;
import dev.sparkrnn.kernel.EncoderDecoderLayout;
import dev.sparkrnn.kernel.EncoderDecoderNetwork;
import dev.sparkrnn.kernel.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** decodeAll (what predict runs) against decode, one source at a time: greedy in batches, beam search, reversed sources. */
class DecoderTest {

    @Test
    void decodingManySourcesIsDecodingEachAlone() {
        EncoderDecoderLayout layout = EncoderDecoderLayout.of(7, true, 6, 9, true);
        double[] theta = layout.initialize(4, 1.0);
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < theta.length; i++) theta[i] = theta[i] * 3 + (rng.nextDouble() - 0.5);
        List<Object> sources = new ArrayList<>();
        for (int i = 0; i < 150; i++) {   // more than two batches
            int[] src = new int[1 + rng.nextInt(6)];
            for (int t = 0; t < src.length; t++) src[t] = rng.nextInt(7);
            sources.add(src);
        }
        for (boolean reverse : new boolean[] {false, true}) {
            for (int beam : new int[] {1, 3}) {
                Decoder d = new Decoder(new EncoderDecoderNetwork(layout), theta, reverse, beam, 8);
                List<Decoded> all = d.decodeAll(sources);
                assertEquals(sources.size(), all.size());
                for (int i = 0; i < sources.size(); i++) {
                    Decoded one = d.decode((int[]) sources.get(i));
                    String what = "source " + i + ", reverse " + reverse + ", beam " + beam;
                    assertArrayEquals(one.tokens(), all.get(i).tokens(), what);
                    assertEquals(one.finished(), all.get(i).finished(), what);
                    assertEquals(one.logProbability(), all.get(i).logProbability(), 1e-12, what);
                }
            }
        }
    }

    /**
     * float32 decoding (the generated twin of the decoder): decoding many sources is decoding each alone, and it
     * agrees with float64 decoding to float32's precision (the same tokens where no two candidates are within
     * round-off, log-probabilities to 1e-4).
     */
    @Test
    void float32DecodingIsBatchedAndAgreesWithFloat64() {
        EncoderDecoderLayout layout = EncoderDecoderLayout.of(7, true, 6, 9, true);
        double[] theta = layout.initialize(5, 1.0);
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < theta.length; i++) theta[i] = theta[i] * 3 + (rng.nextDouble() - 0.5);
        List<Object> sources = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            int[] src = new int[1 + rng.nextInt(6)];
            for (int t = 0; t < src.length; t++) src[t] = rng.nextInt(7);
            sources.add(src);
        }
        for (int beam : new int[] {1, 3}) {
            Decoder f32 = new Decoder(new EncoderDecoderNetwork(layout), theta, true, beam, 8, 64, Precision.FLOAT32);
            Decoder f64 = new Decoder(new EncoderDecoderNetwork(layout), theta, true, beam, 8, 64, Precision.FLOAT64);
            List<Decoded> all = f32.decodeAll(sources);
            List<Decoded> wide = f64.decodeAll(sources);
            int same = 0;
            for (int i = 0; i < sources.size(); i++) {
                Decoded one = f32.decode((int[]) sources.get(i));
                String what = "source " + i + ", beam " + beam;
                assertArrayEquals(one.tokens(), all.get(i).tokens(), what);
                assertEquals(one.logProbability(), all.get(i).logProbability(), 1e-12, what);
                if (java.util.Arrays.equals(wide.get(i).tokens(), all.get(i).tokens())) {
                    same++;
                    assertEquals(wide.get(i).logProbability(), all.get(i).logProbability(),
                            1e-4 * Math.max(1, Math.abs(wide.get(i).logProbability())), what);
                }
            }
            assertTrue(same >= 0.95 * sources.size(), "float32 and float64 agree on " + same + " of " + sources.size());
        }
    }
}
