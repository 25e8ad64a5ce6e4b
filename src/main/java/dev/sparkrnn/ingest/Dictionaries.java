package dev.sparkrnn.ingest;

import dev.sparkrnn.data.ChannelMoments;
import dev.sparkrnn.data.Normalization;
import dev.sparkrnn.data.Vocabulary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Builds from training data, with Spark, what encoding needs: word vocabularies and decoder target vocabularies
 * (word counts by {@code reduceByKey}, words under the minimum count dropped on the executors), label
 * dictionaries and per-channel normalizations ({@code treeAggregate} of {@link ChannelMoments}).
 */
public final class Dictionaries {
    private Dictionaries() {
    }

    /** See {@link Vocabulary#words}: {@code <unk>} first, then words by count; {@code maxSize <= 0}: no limit. */
    public static Vocabulary words(JavaRDD<List<String>> tokens, long minCount, int maxSize) {
        return Vocabulary.words(counts(tokens, minCount), minCount, maxSize);
    }

    /**
     * A decoder's target vocabulary: {@link Vocabulary#UNKNOWN}, {@link Vocabulary#START},
     * {@link Vocabulary#END} at 0, 1, 2, then the tokens by count as in {@link #words}, at most
     * {@code maxSize} entries in all ({@code <= 0}: no limit). A token spelled like a marker is the marker.
     */
    public static Vocabulary targets(JavaRDD<List<String>> tokens, long minCount, int maxSize) {
        if (maxSize > 0 && maxSize < 4) {
            throw new IllegalArgumentException("a target vocabulary of at most " + maxSize + " entries has no room beside "
                    + Vocabulary.UNKNOWN + ", " + Vocabulary.START + ", " + Vocabulary.END);
        }
        HashMap<String, Long> counts = counts(tokens, minCount);
        counts.remove(Vocabulary.START);
        counts.remove(Vocabulary.END);
        List<String> words = Vocabulary.words(counts, minCount, maxSize <= 0 ? 0 : maxSize - 2).entries();
        List<String> entries = new ArrayList<>(words.size() + 2);
        entries.addAll(List.of(Vocabulary.UNKNOWN, Vocabulary.START, Vocabulary.END));
        entries.addAll(words.subList(1, words.size()));
        return Vocabulary.fromEntries(entries, true);
    }

    /** Token counts of at least {@code minCount}, counted on the executors. */
    private static HashMap<String, Long> counts(JavaRDD<List<String>> tokens, long minCount) {
        return new HashMap<>(tokens.flatMap(List::iterator)
                .mapToPair(w -> new Tuple2<>(w, 1L)).reduceByKey(Long::sum)
                .filter(t -> t._2() >= minCount).collectAsMap());
    }

    /** See {@link Vocabulary#labels}: the distinct labels, in value order. */
    public static Vocabulary labels(JavaRDD<String> labels) {
        List<String> distinct = labels.distinct().collect();
        if (distinct.isEmpty()) throw new BadInputException("no training records: no labels");
        return Vocabulary.labels(distinct);
    }

    /** Mean and std of each channel over all training steps; each std at least {@code stdFloor}. */
    public static Normalization normalization(JavaRDD<LabelledSeries> series, double stdFloor) {
        List<Integer> channels = series.map(LabelledSeries::channels).distinct().collect();
        if (channels.isEmpty()) throw new BadInputException("no training series to normalize from");
        if (channels.size() > 1) throw new BadInputException("training series have different channel counts: " + channels);
        return normalization(series.map(LabelledSeries::values), channels.get(0), stdFloor);
    }

    /**
     * Mean and std of each of {@code channels} channels over all steps of {@code values}, each array T x
     * {@code channels} values stored step by step (a feature vector is one step); each std at least
     * {@code stdFloor}.
     */
    public static Normalization normalization(JavaRDD<double[]> values, int channels, double stdFloor) {
        ChannelMoments m = values.treeAggregate(new ChannelMoments(channels), ChannelMoments::add, ChannelMoments::merge);
        if (m.steps() == 0) throw new BadInputException("no training steps to normalize from");
        return Normalization.of(m, stdFloor);
    }
}
