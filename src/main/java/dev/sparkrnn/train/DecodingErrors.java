package dev.sparkrnn.train;

import dev.sparkrnn.data.EditDistance;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.kernel.Blas;
import dev.sparkrnn.kernel.Decoded;
import dev.sparkrnn.kernel.EncoderDecoderNetwork;
import dev.sparkrnn.kernel.SequenceBatch;
import dev.sparkrnn.kernel.SequenceDecoder;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * How far an encoder–decoder's decoded outputs are from the references, decoding every distinct source of
 * the data once (beam search; width 1 = greedy) on the executors. Pairs with the same source (a word's
 * alternate pronunciations) are one item with several references; an output is scored against the closest:
 *
 * <pre>
 *   token error rate = sum_items min_r edit(output, r) / sum_items |r*|     (r* the closest reference)
 *   sequence error rate = items whose output matches no reference / items
 * </pre>
 *
 * For spelling to pronunciation these are the phoneme error rate (PER) and word error rate (WER).
 */
public final class DecodingErrors implements Serializable {
    private static final long serialVersionUID = 1L;

    long items;
    long wrongItems;
    long edits;
    long referenceTokens;

    public double tokenErrorRate() {
        return referenceTokens == 0 ? Double.NaN : (double) edits / referenceTokens;
    }

    public double sequenceErrorRate() {
        return items == 0 ? Double.NaN : (double) wrongItems / items;
    }

    public long items() {
        return items;
    }

    DecodingErrors merge(DecodingErrors o) {
        items += o.items;
        wrongItems += o.wrongItems;
        edits += o.edits;
        referenceTokens += o.referenceTokens;
        return this;
    }

    /** The figures with the given names for the two rates (e.g. "per", "wer"). */
    public Map<String, Object> figures(String tokenRate, String sequenceRate) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(tokenRate, tokenErrorRate());
        m.put(sequenceRate, sequenceErrorRate());
        m.put("decoded", items);
        return m;
    }

    /**
     * @param data      encoder–decoder pairs (sources as the model reads them)
     * @param width     beam width (1: greedy)
     * @param maxLength longest output, in tokens
     */
    public static DecodingErrors of(JavaSparkContext sc, EncoderDecoderNetwork network, double[] theta, JavaRDD<EncodedSequence> data,
                                    int width, int maxLength, int start, int end) {
        Broadcast<double[]> bc = sc.broadcast(theta.clone());
        try {
            return data.mapToPair(r -> new Tuple2<>(sourceKey(r), r))
                    .groupByKey()
                    .mapPartitions((Iterator<Tuple2<String, Iterable<EncodedSequence>>> it) -> Collections.singletonList(
                            score(network, bc.value(), it, width, maxLength, start, end)).iterator())
                    .treeAggregate(new DecodingErrors(), DecodingErrors::merge, DecodingErrors::merge, 2);
        } finally {
            bc.destroy();
        }
    }

    private static String sourceKey(EncodedSequence r) {
        return r.sourceTokens != null ? Arrays.toString(r.sourceTokens) : Arrays.toString(r.sourceFeatures);
    }

    /** Sources decoded together (one batch of all their beams per step). */
    static final int BATCH = 64;

    private static DecodingErrors score(EncoderDecoderNetwork network, double[] theta, Iterator<Tuple2<String, Iterable<EncodedSequence>>> items,
                                        int width, int maxLength, int start, int end) {
        DecodingErrors e = new DecodingErrors();
        SequenceDecoder decoder = network.decoder(Blas.best(), theta, BATCH * width, 64);
        List<Iterable<EncodedSequence>> group = new ArrayList<>();
        while (items.hasNext()) {
            Iterable<EncodedSequence> pairs = items.next()._2();
            group.add(pairs);
            if (group.size() == BATCH || !items.hasNext()) {
                SequenceBatch sources = decoder.source();
                for (Iterable<EncodedSequence> g : group) g.iterator().next().addSourceTo(sources);
                Decoded[] decoded = decoder.decodeAll(start, end, width, maxLength);
                for (int i = 0; i < decoded.length; i++) e.count(decoded[i].tokens(), group.get(i));
                group.clear();
            }
        }
        return e;
    }

    /** Counts one item: its decoded output against the nearest of its references. */
    private void count(int[] out, Iterable<EncodedSequence> pairs) {
        int best = Integer.MAX_VALUE, bestLength = 0;
        for (EncodedSequence pair : pairs) {
            int[] ref = pair.targetTokens();
            int dist = EditDistance.between(out, ref);
            if (dist < best || dist == best && ref.length > bestLength) {
                best = dist;
                bestLength = ref.length;
            }
        }
        items++;
        edits += best;
        referenceTokens += bestLength;
        if (best != 0) wrongItems++;
    }
}
