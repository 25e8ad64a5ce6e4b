package dev.sparkrnn.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sparkrnn.kernel.EncoderDecoderLayout;
import dev.sparkrnn.kernel.EncoderDecoderNetwork;
import dev.sparkrnn.kernel.SequenceDecoder;
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
                List<SequenceDecoder.Result> all = d.decodeAll(sources);
                assertEquals(sources.size(), all.size());
                for (int i = 0; i < sources.size(); i++) {
                    SequenceDecoder.Result one = d.decode((int[]) sources.get(i));
                    String what = "source " + i + ", reverse " + reverse + ", beam " + beam;
                    assertArrayEquals(one.tokens(), all.get(i).tokens(), what);
                    assertEquals(one.finished(), all.get(i).finished(), what);
                    assertEquals(one.logProbability(), all.get(i).logProbability(), 1e-12, what);
                }
            }
        }
    }
}
