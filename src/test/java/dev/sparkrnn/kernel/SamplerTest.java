package dev.sparkrnn.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Sampler#sampleAll}: primes of several lengths, each with its seed, sampled together as each alone is. */
class SamplerTest {

    @Test
    void samplingManyPrimesTogetherIsSamplingEachAlone() {
        RnnLayout layout = new RnnLayout(11, 9, 11, true);
        double[] theta = Initializer.initialize(layout, 3, 1.0);
        SplittableRandom rng = new SplittableRandom(4);
        List<int[]> primes = new ArrayList<>();
        long[] seeds = new long[13];
        for (int i = 0; i < seeds.length; i++) {
            int[] prime = new int[1 + rng.nextInt(6)];
            for (int t = 0; t < prime.length; t++) prime[t] = rng.nextInt(11);
            primes.add(prime);
            seeds[i] = 100 + i % 5;   // some seeds shared: their texts differ by their primes only
        }
        for (int topK : new int[] {0, 3}) {
            Sampler batch = new Sampler(new RnnKernel(layout, Blas.best()), theta, seeds.length);
            int[][] all = batch.sampleAll(primes, 20, 0.9, topK, seeds);
            int different = 0;
            for (int i = 0; i < seeds.length; i++) {
                int[] alone = new Sampler(new RnnKernel(layout, Blas.best()), theta).sample(primes.get(i), 20, 0.9, topK, seeds[i]);
                assertArrayEquals(alone, all[i], "prime " + i + ", top " + topK);
                if (i > 0 && !Arrays.equals(all[i], all[i - 1])) different++;
            }
            assertFalse(different < seeds.length / 2, "the samples hardly differ: " + different);
            // the same sampler again: the same texts
            assertArrayEquals(all, batch.sampleAll(primes, 20, 0.9, topK, seeds));
        }
        Sampler one = new Sampler(new RnnKernel(layout, Blas.best()), theta);
        assertEquals(0, one.sampleAll(List.of(new int[] {1}), 0, 1.0, 0, new long[] {1})[0].length);
        assertThrows(IllegalArgumentException.class, () -> one.sampleAll(primes, 5, 1.0, 0, seeds));
        assertThrows(IllegalArgumentException.class, () -> one.sample(new int[0], 5, 1.0, 0, 1));
    }
}
