package dev.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.data.EditDistance;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.kernel.Blas;
import dev.sparkrnn.kernel.EncoderDecoderLayout;
import dev.sparkrnn.kernel.EncoderDecoderNetwork;
import dev.sparkrnn.kernel.SequenceBatch;
import dev.sparkrnn.kernel.SequenceDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * PER / WER on the executors, greedy decoding in batches of sources, against decoding each distinct source
 * alone and scoring it against its nearest reference by hand.
 */
class DecodingErrorsTest {
    static final int START = 0, END = 1;

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
                for (int t = 0; t < ref.length; t++) ref[t] = 2 + rng.nextInt(5);
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
