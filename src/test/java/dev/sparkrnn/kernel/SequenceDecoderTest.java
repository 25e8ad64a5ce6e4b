package dev.sparkrnn.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Greedy decoding, beam search and sampling of the encoder–decoder against exhaustive search. */
class SequenceDecoderTest {
    static final int START = 0, END = 1;

    static EncoderDecoderLayout layout(int k) {
        return EncoderDecoderLayout.of(5, true, 4, k, true);
    }

    /** A model with large weights, so its distributions are peaked and greedy choices matter. */
    static double[] theta(EncoderDecoderLayout layout, long seed) {
        double[] theta = layout.initialize(seed, 1.0);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < theta.length; i++) theta[i] = theta[i] * 3 + (rng.nextDouble() - 0.5);
        return theta;
    }

    static SequenceDecoder decoder(EncoderDecoderLayout layout, double[] theta, int width, int[] source) {
        SequenceDecoder d = new SequenceDecoder(new EncoderDecoderKernel(layout, Blas.best()), theta, width, 8);
        SequenceBatch b = d.source();
        int s = b.addSequence(source.length);
        for (int t = 0; t < source.length; t++) b.setToken(s, t, source[t]);
        return d;
    }

    /** log p(y </s> | x) by teacher forcing (the training path, not the decoder's step-by-step path). */
    static double logProbability(EncoderDecoderLayout layout, double[] theta, int[] source, int[] y, boolean finished) {
        SequenceBatch src = new SequenceBatch(layout.encoder, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.LAST_STEP);
        SequenceBatch tgt = new SequenceBatch(layout.decoder, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP);
        int s = src.addSequence(source.length);
        for (int t = 0; t < source.length; t++) src.setToken(s, t, source[t]);
        int n = y.length + (finished ? 1 : 0);
        int q = tgt.addSequence(n);
        for (int t = 0; t < n; t++) {
            tgt.setToken(q, t, t == 0 ? START : y[t - 1]);
            tgt.setClassTarget(q, t, t < y.length ? y[t] : END);
        }
        src.pack();
        tgt.pack();
        return -new EncoderDecoderKernel(layout, Blas.best()).forward(theta, src, tgt,
                new EncoderDecoderKernel.Scratch(layout, 1, 8, 8), null);
    }

    /** greedyAll over sources of several lengths: each result is greedy()'s for that source alone. */
    @Test
    void greedyOverABatchOfSourcesIsGreedyForEachSource() {
        for (boolean feed : new boolean[] {true, false}) {
            EncoderDecoderLayout layout = EncoderDecoderLayout.of(5, true, 4, 6, feed);
            double[] theta = theta(layout, feed ? 7 : 8);
            SplittableRandom rng = new SplittableRandom(3);
            int[][] sources = new int[12][];
            for (int i = 0; i < sources.length; i++) {
                sources[i] = new int[1 + rng.nextInt(7)];
                for (int t = 0; t < sources[i].length; t++) sources[i][t] = rng.nextInt(5);
            }
            SequenceDecoder batch = new SequenceDecoder(new EncoderDecoderKernel(layout, Blas.best()), theta, 16, 2);
            SequenceBatch b = batch.source();
            for (int[] src : sources) {
                int q = b.addSequence(src.length);
                for (int t = 0; t < src.length; t++) b.setToken(q, t, src[t]);
            }
            Decoded[] all = batch.greedyAll(START, END, 6);
            int finished = 0, lengths = 0;
            for (int i = 0; i < sources.length; i++) {
                Decoded one = decoder(layout, theta, 1, sources[i]).greedy(START, END, 6);
                assertArrayEquals(one.tokens(), all[i].tokens(), "source " + i);
                assertEquals(one.finished(), all[i].finished(), "source " + i);
                assertEquals(one.logProbability(), all[i].logProbability(), 1e-12, "source " + i);
                finished += one.finished() ? 1 : 0;
                lengths += one.tokens().length;
            }
            assertTrue(finished > 0 && finished < sources.length && lengths > 0,
                    "some sources finish before the limit and some do not: " + finished + " of " + sources.length);
        }
    }

    /** beamAll over sources of several lengths: each result is beam()'s for that source alone. */
    @Test
    void beamSearchOverABatchOfSourcesIsBeamSearchForEachSource() {
        for (boolean feed : new boolean[] {true, false}) {
            for (int width : new int[] {2, 3}) {
                EncoderDecoderLayout layout = EncoderDecoderLayout.of(5, true, 4, 6, feed);
                double[] theta = theta(layout, feed ? 11 : 12);
                SplittableRandom rng = new SplittableRandom(5);
                int[][] sources = new int[10][];
                for (int i = 0; i < sources.length; i++) {
                    sources[i] = new int[1 + rng.nextInt(7)];
                    for (int t = 0; t < sources[i].length; t++) sources[i][t] = rng.nextInt(5);
                }
                SequenceDecoder batch = new SequenceDecoder(new EncoderDecoderKernel(layout, Blas.best()), theta, 10 * width, 2);
                SequenceBatch b = batch.source();
                for (int[] src : sources) {
                    int q = b.addSequence(src.length);
                    for (int t = 0; t < src.length; t++) b.setToken(q, t, src[t]);
                }
                Decoded[] all = batch.beamAll(START, END, width, 3);
                int finished = 0;
                for (int i = 0; i < sources.length; i++) {
                    Decoded one = decoder(layout, theta, width, sources[i]).beam(START, END, width, 3);
                    String what = "source " + i + ", width " + width + ", feed " + feed;
                    assertArrayEquals(one.tokens(), all[i].tokens(), what);
                    assertEquals(one.finished(), all[i].finished(), what);
                    assertEquals(one.logProbability(), all[i].logProbability(), 1e-12, what);
                    finished += one.finished() ? 1 : 0;
                }
                assertTrue(finished > 0 && finished < sources.length,
                        "some sources finish before the limit and some do not: " + finished + " of " + sources.length);
            }
        }
    }

    /** Every output of at most maxLength tokens (finished ones, and unfinished ones cut at the limit). */
    static Decoded exhaustive(EncoderDecoderLayout layout, double[] theta, int[] source, int maxLength) {
        int k = layout.decoder.outputSize;
        List<int[]> all = new ArrayList<>();
        all.add(new int[0]);
        Decoded best = null;
        for (int len = 0; len <= maxLength; len++) {
            List<int[]> longer = new ArrayList<>();
            for (int[] y : all) {
                boolean finished = len < maxLength;
                double lp = logProbability(layout, theta, source, y, finished);
                if (best == null || lp > best.logProbability()) best = new Decoded(y, lp, finished);
                for (int v = 0; v < k && len < maxLength; v++) {
                    if (v == END) continue;
                    int[] z = java.util.Arrays.copyOf(y, len + 1);
                    z[len] = v;
                    longer.add(z);
                }
            }
            all = longer;
        }
        return best;
    }

    @Test
    void beamOfWidthOneIsGreedyDecoding() {
        EncoderDecoderLayout layout = layout(6);
        for (long seed = 0; seed < 20; seed++) {
            double[] theta = theta(layout, seed);
            int[] source = {(int) (seed % 5), 2, 4};
            Decoded greedy = decoder(layout, theta, 1, source).greedy(START, END, 7);
            Decoded beam = decoder(layout, theta, 1, source).beam(START, END, 1, 7);
            assertArrayEquals(greedy.tokens(), beam.tokens(), "seed " + seed);
            assertEquals(greedy.logProbability(), beam.logProbability(), 1e-12);
            assertEquals(greedy.finished(), beam.finished());
            // the decoder's step-by-step score is the teacher-forced log-probability of what it emitted
            assertEquals(logProbability(layout, theta, source, greedy.tokens(), greedy.finished()), greedy.logProbability(), 1e-10);
        }
    }

    @Test
    void beamSearchFindsTheMostLikelySequenceWhereGreedyDoesNot() {
        EncoderDecoderLayout layout = layout(3);   // tokens <s>, </s>, a: every output of up to 4 tokens is enumerated
        int maxLength = 4;
        int greedyMissed = 0;
        for (long seed = 0; seed < 40; seed++) {
            double[] theta = theta(layout, seed);
            int[] source = {(int) (seed % 5), 1};
            Decoded best = exhaustive(layout, theta, source, maxLength);
            Decoded beam = decoder(layout, theta, 3, source).beam(START, END, 3, maxLength);
            assertArrayEquals(best.tokens(), beam.tokens(), "seed " + seed);
            assertEquals(best.logProbability(), beam.logProbability(), 1e-10);
            Decoded greedy = decoder(layout, theta, 1, source).greedy(START, END, maxLength);
            if (greedy.logProbability() < best.logProbability() - 1e-9) greedyMissed++;
        }
        // the case beam search exists for must occur among these models, or the test proves nothing
        assertTrue(greedyMissed > 0, "greedy decoding was optimal for every model");
    }

    @Test
    void aLongerSourceThanExpectedGrowsTheDecoderAndDecodesTheSame() {
        EncoderDecoderLayout layout = layout(6);
        double[] theta = theta(layout, 3);
        int[] source = {1, 4, 2, 0, 3, 3, 1};
        SequenceDecoder small = new SequenceDecoder(new EncoderDecoderKernel(layout, Blas.best()), theta, 2, 1);
        SequenceBatch b = small.source();
        int s = b.addSequence(source.length);
        for (int t = 0; t < source.length; t++) b.setToken(s, t, source[t]);
        Decoded grown = small.decode(START, END, 2, 7);
        Decoded sized = decoder(layout, theta, 2, source).decode(START, END, 2, 7);
        assertArrayEquals(sized.tokens(), grown.tokens());
        assertEquals(sized.logProbability(), grown.logProbability(), 0.0);
    }

    /** sampleAll over sources with their own primes and seeds: each result is sample()'s for that source alone. */
    @Test
    void samplingABatchOfSourcesIsSamplingEachAlone() {
        for (boolean feed : new boolean[] {true, false}) {
            EncoderDecoderLayout layout = EncoderDecoderLayout.of(5, true, 4, 6, feed);
            double[] theta = theta(layout, feed ? 13 : 14);
            SplittableRandom rng = new SplittableRandom(6);
            int n = 12;
            int[][] sources = new int[n][];
            List<int[]> primes = new ArrayList<>();
            long[] seeds = new long[n];
            for (int i = 0; i < n; i++) {
                sources[i] = new int[1 + rng.nextInt(4)];
                for (int t = 0; t < sources[i].length; t++) sources[i][t] = rng.nextInt(5);
                int[] prime = new int[rng.nextInt(3)];
                for (int t = 0; t < prime.length; t++) prime[t] = 3 + rng.nextInt(3);
                primes.add(prime);
                seeds[i] = 50 + i;
            }
            SequenceDecoder batch = new SequenceDecoder(new EncoderDecoderKernel(layout, Blas.best()), theta, n, 2);
            SequenceBatch b = batch.source();
            for (int[] src : sources) {
                int q = b.addSequence(src.length);
                for (int t = 0; t < src.length; t++) b.setToken(q, t, src[t]);
            }
            Decoded[] all = batch.sampleAll(START, END, primes, 7, 0.8, 0, seeds);
            int finished = 0;
            for (int i = 0; i < n; i++) {
                Decoded one = decoder(layout, theta, 1, sources[i]).sample(START, END, primes.get(i), 7, 0.8, 0, seeds[i]);
                String what = "source " + i + ", feed " + feed;
                assertArrayEquals(one.tokens(), all[i].tokens(), what);
                assertEquals(one.finished(), all[i].finished(), what);
                assertEquals(one.logProbability(), all[i].logProbability(), 1e-12, what);
                finished += one.finished() ? 1 : 0;
            }
            assertTrue(finished > 0 && finished < n, "some samples end before the limit and some do not: " + finished);
        }
    }

    @Test
    void samplingWithTheSameSeedGivesTheSameSequence() {
        EncoderDecoderLayout layout = layout(8);
        double[] theta = layout.initialize(3, 1.0);
        int[] source = {1, 2, 3};
        Decoded a = decoder(layout, theta, 1, source).sample(START, END, new int[] {4}, 30, 1.0, 0, 42);
        Decoded b = decoder(layout, theta, 1, source).sample(START, END, new int[] {4}, 30, 1.0, 0, 42);
        Decoded c = decoder(layout, theta, 1, source).sample(START, END, new int[] {4}, 30, 1.0, 0, 43);
        assertArrayEquals(a.tokens(), b.tokens());
        assertEquals(4, a.tokens()[0], "the prime comes first");
        assertEquals(logProbability(layout, theta, source, a.tokens(), a.finished()), a.logProbability(), 1e-10);
        assertNotEquals(java.util.Arrays.toString(a.tokens()) + a.logProbability(), java.util.Arrays.toString(c.tokens()) + c.logProbability());
        // top-1 sampling is greedy decoding after the prime
        Decoded top1 = decoder(layout, theta, 1, source).sample(START, END, new int[0], 30, 1.0, 1, 7);
        Decoded greedy = decoder(layout, theta, 1, source).greedy(START, END, 30);
        assertArrayEquals(greedy.tokens(), top1.tokens());
        assertFalse(top1.tokens().length > 30);
    }
}
