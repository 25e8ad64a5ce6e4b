package dev.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.data.EditDistance;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Vocabulary;
import dev.sparkrnn.kernel.Blas;
import dev.sparkrnn.kernel.EncoderDecoderLayout;
import dev.sparkrnn.kernel.EncoderDecoderNetwork;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.SequenceBatch;
import dev.sparkrnn.kernel.SequenceDecoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * {@link DecodingErrors} decodes each distinct source once and scores it against its closest reference (ties:
 * the longer one): its token error rate, sequence error rate and item count equal figures computed on the
 * driver by decoding each source alone, greedy and with a beam of 3, over 1 and 4 partitions; an output equal
 * to any one of a source's alternates counts as right; a tie is scored against the longer reference.
 */
class DecodingErrorsTest {
    static final int START = Vocabulary.START_INDEX, END = Vocabulary.END_INDEX;
    static final int SOURCE_VOCAB = 6, TARGET_VOCAB = 7, HIDDEN = 8, MAX_LENGTH = 8, SOURCES = 36;

    static final EncoderDecoderNetwork NETWORK =
            (EncoderDecoderNetwork) Network.encoderDecoder(EncoderDecoderLayout.of(SOURCE_VOCAB, true, HIDDEN, TARGET_VOCAB, true));

    /** Seeded parameters, scaled up so the model's distributions are peaked and it ends most outputs. */
    static double[] theta() {
        double[] theta = NETWORK.initialize(4, 1.0);
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < theta.length; i++) theta[i] = theta[i] * 3 + (rng.nextDouble() - 0.5);
        return theta;
    }

    /** The model's output for one source, decoded alone on the driver. */
    static int[] decode(double[] theta, int[] source, int width) {
        SequenceDecoder decoder = NETWORK.decoder(Blas.best(), theta, width, 64);
        SequenceBatch b = decoder.source();
        int s = b.addSequence(source.length);
        for (int t = 0; t < source.length; t++) b.setToken(s, t, source[t]);
        return decoder.decode(START, END, width, MAX_LENGTH).tokens();
    }

    static int[] randomTarget(SplittableRandom rng) {
        int[] y = new int[1 + rng.nextInt(5)];
        for (int t = 0; t < y.length; t++) y[t] = 3 + rng.nextInt(TARGET_VOCAB - 3);   // not <unk>, <s>, </s>
        return y;
    }

    /** The test data: for each distinct source its references (alternates), and the pairs built from them. */
    static final class Data {
        final Map<String, int[]> sources = new LinkedHashMap<>();
        final Map<String, List<int[]>> references = new LinkedHashMap<>();
        final List<EncodedSequence> pairs = new ArrayList<>();
        final List<EncodedSequence> exactPairs = new ArrayList<>();   // sources with the greedy output as an alternate
        final List<EncodedSequence> tiePairs = new ArrayList<>();     // sources whose two references tie for greedy
        int tieReferenceTokens;
        long nextId;

        void add(int[] source, List<int[]> refs, List<EncodedSequence> also) {
            String key = Arrays.toString(source);
            sources.put(key, source);
            references.put(key, refs);
            for (int[] r : refs) {
                EncodedSequence p = EncodedSequence.pair(nextId++, source, r, START, END);
                pairs.add(p);
                if (also != null) also.add(p);
            }
        }
    }

    static Data data(double[] theta) {
        SplittableRandom rng = new SplittableRandom(31);
        Data d = new Data();
        Set<String> seen = new HashSet<>();
        while (d.sources.size() < SOURCES) {
            int[] source = new int[2 + rng.nextInt(5)];
            for (int t = 0; t < source.length; t++) source[t] = rng.nextInt(SOURCE_VOCAB);
            if (!seen.add(Arrays.toString(source))) continue;
            int[] greedy = decode(theta, source, 1);
            int kind = d.sources.size() % 3;
            if (kind == 0) {
                // alternates: two others and, in between, exactly what greedy decoding emits
                d.add(source, List.of(randomTarget(rng), greedy.clone(), randomTarget(rng)), d.exactPairs);
            } else if (kind == 1 && greedy.length > 0) {
                // two references at edit distance 1 from the greedy output: one substituted, one longer
                int[] substituted = greedy.clone();
                substituted[0] = substituted[0] == 3 ? 4 : 3;
                int[] longer = Arrays.copyOf(greedy, greedy.length + 1);
                longer[greedy.length] = 5;
                d.add(source, List.of(substituted, longer), d.tiePairs);
                d.tieReferenceTokens += longer.length;
            } else {
                List<int[]> refs = new ArrayList<>();
                for (int i = 1 + rng.nextInt(2); i > 0; i--) refs.add(randomTarget(rng));
                d.add(source, refs, null);
            }
        }
        return d;
    }

    /** Expected figures: {items, wrong items, edits, reference tokens}. */
    static long[] expected(double[] theta, Data d, int width) {
        long items = 0, wrong = 0, edits = 0, tokens = 0;
        for (String key : d.sources.keySet()) {
            int[] out = decode(theta, d.sources.get(key), width);
            int best = Integer.MAX_VALUE, bestLength = -1;
            for (int[] ref : d.references.get(key)) {
                int e = EditDistance.between(out, ref);
                if (e < best || (e == best && ref.length > bestLength)) {
                    best = e;
                    bestLength = ref.length;
                }
            }
            items++;
            edits += best;
            tokens += bestLength;
            if (best > 0) wrong++;
        }
        return new long[] {items, wrong, edits, tokens};
    }

    static void assertFigures(long[] expected, DecodingErrors actual, String what) {
        assertEquals(expected[0], actual.items(), what + ": items");
        assertEquals((double) expected[2] / expected[3], actual.tokenErrorRate(), 1e-15, what + ": token error rate");
        assertEquals((double) expected[1] / expected[0], actual.sequenceErrorRate(), 1e-15, what + ": sequence error rate");
    }

    @Test
    void greedyAndBeamFiguresEqualTheDriversOverOneAndFourPartitions() {
        JavaSparkContext sc = LocalSpark.context();
        double[] theta = theta();
        Data d = data(theta);
        assertTrue(d.pairs.size() > SOURCES, "alternates: more pairs than sources");
        int beamDiffers = 0;
        for (String key : d.sources.keySet()) {
            if (!Arrays.equals(decode(theta, d.sources.get(key), 1), decode(theta, d.sources.get(key), 3))) beamDiffers++;
        }
        assertTrue(beamDiffers > 0, "beam search and greedy decoding agree on every source: the beam case proves nothing new");
        for (int width : new int[] {1, 3}) {
            long[] exp = expected(theta, d, width);
            assertEquals(SOURCES, exp[0]);
            assertTrue(exp[1] > 0 && exp[1] < exp[0], "width " + width + ": some items right, some wrong");
            for (int partitions : new int[] {1, 4}) {
                DecodingErrors e = DecodingErrors.of(sc, NETWORK, theta, sc.parallelize(d.pairs, partitions), width,
                        MAX_LENGTH, START, END);
                assertFigures(exp, e, "width " + width + ", " + partitions + " partitions");
            }
        }
    }

    @Test
    void anOutputMatchingOneAlternateIsRightAndATieTakesTheLongerReference() {
        JavaSparkContext sc = LocalSpark.context();
        double[] theta = theta();
        Data d = data(theta);
        DecodingErrors exact = DecodingErrors.of(sc, NETWORK, theta, sc.parallelize(d.exactPairs, 3), 1, MAX_LENGTH, START, END);
        assertEquals(SOURCES / 3, exact.items());
        assertEquals(0.0, exact.sequenceErrorRate(), 0.0, "each output equals one of its source's alternates");
        assertEquals(0.0, exact.tokenErrorRate(), 0.0);

        long tieItems = d.tiePairs.size() / 2;
        assertTrue(tieItems >= 5, "only " + tieItems + " tie items");
        DecodingErrors ties = DecodingErrors.of(sc, NETWORK, theta, sc.parallelize(d.tiePairs, 3), 1, MAX_LENGTH, START, END);
        assertEquals(tieItems, ties.items());
        assertEquals(1.0, ties.sequenceErrorRate(), 0.0);
        // one edit per item, over the longer reference's tokens (the shorter would give items / (tokens - items))
        assertEquals((double) tieItems / d.tieReferenceTokens, ties.tokenErrorRate(), 1e-15);

        DecodingErrors none = DecodingErrors.of(sc, NETWORK, theta, sc.parallelize(new ArrayList<EncodedSequence>(), 2), 1,
                MAX_LENGTH, START, END);
        assertEquals(0, none.items());
        assertTrue(Double.isNaN(none.tokenErrorRate()) && Double.isNaN(none.sequenceErrorRate()), "no items: no rates");
    }

    @Test
    void editDistanceOfHandComputedPairs() {
        assertEquals(0, EditDistance.between(new int[0], new int[0]));
        assertEquals(2, EditDistance.between(new int[] {1, 2}, new int[] {2, 1}), "a transposition is two edits");
        assertEquals(2, EditDistance.between(new int[] {1, 2, 3, 4}, new int[] {2, 3, 4, 5}), "drop the first, add a last");
        assertEquals(2, EditDistance.between(new int[] {7, 7, 7}, new int[] {7}));
        assertEquals(3, EditDistance.between(new int[] {1, 2, 3}, new int[] {4, 5, 6}));
        // flaw -> lawn: 2 (drop f, add n); intention -> execution: 5
        assertEquals(2, EditDistance.between(new int[] {'f', 'l', 'a', 'w'}, new int[] {'l', 'a', 'w', 'n'}));
        int[] intention = "intention".chars().toArray(), execution = "execution".chars().toArray();
        assertEquals(5, EditDistance.between(intention, execution));
        assertEquals(5, EditDistance.between(execution, intention), "symmetric");
    }

    /** More sources than greedy decoding batches on an executor: the same figures as decoding each alone. */
    @Test
    void batchedGreedyScoresAsDecodingEachSourceAlone() {
        EncoderDecoderLayout layout = EncoderDecoderLayout.of(6, true, 5, 7, true);
        EncoderDecoderNetwork network = new EncoderDecoderNetwork(layout);
        double[] theta = layout.initialize(11, 1.0);
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < theta.length; i++) theta[i] = theta[i] * 3 + (rng.nextDouble() - 0.5);
        // 150 distinct sources (more than two batches), some with two references
        List<EncodedSequence> pairs = new ArrayList<>();
        Map<String, int[]> sources = new LinkedHashMap<>();
        Map<String, List<int[]>> references = new LinkedHashMap<>();
        long id = 0;
        while (sources.size() < 150) {
            int[] src = new int[1 + rng.nextInt(6)];
            for (int t = 0; t < src.length; t++) src[t] = rng.nextInt(6);
            String key = java.util.Arrays.toString(src);
            if (sources.containsKey(key)) continue;
            sources.put(key, src);
            for (int r = 0; r < 1 + rng.nextInt(2); r++) {
                int[] ref = new int[1 + rng.nextInt(5)];
                for (int t = 0; t < ref.length; t++) ref[t] = 3 + rng.nextInt(4);   // not <unk>, <s>, </s>
                references.computeIfAbsent(key, k -> new ArrayList<>()).add(ref);
                pairs.add(EncodedSequence.pair(id++, src, ref, START, END));
            }
        }
        DecodingErrors e = DecodingErrors.of(LocalSpark.context(), network, theta, LocalSpark.context().parallelize(pairs, 3),
                1, 6, START, END);

        long edits = 0, referenceTokens = 0, wrong = 0;
        SequenceDecoder alone = network.decoder(Blas.best(), theta, 1, 8);
        for (Map.Entry<String, int[]> s : sources.entrySet()) {
            SequenceBatch b = alone.source();
            int q = b.addSequence(s.getValue().length);
            for (int t = 0; t < s.getValue().length; t++) b.setToken(q, t, s.getValue()[t]);
            int[] out = alone.greedy(START, END, 6).tokens();
            int best = Integer.MAX_VALUE, bestLength = 0;
            for (int[] ref : references.get(s.getKey())) {
                int d = EditDistance.between(out, ref);
                if (d < best || d == best && ref.length > bestLength) {
                    best = d;
                    bestLength = ref.length;
                }
            }
            edits += best;
            referenceTokens += bestLength;
            wrong += best != 0 ? 1 : 0;
        }
        assertEquals(150, e.items());
        assertEquals((double) edits / referenceTokens, e.tokenErrorRate(), 0);
        assertEquals((double) wrong / 150, e.sequenceErrorRate(), 0);
        assertTrue(e.tokenErrorRate() > 0, "a random model makes errors");
    }
}
