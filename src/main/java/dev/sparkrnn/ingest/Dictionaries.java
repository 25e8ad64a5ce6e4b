package dev.sparkrnn.ingest;

import dev.sparkrnn.data.ChannelMoments;
import dev.sparkrnn.data.Normalization;
import dev.sparkrnn.data.Vocabulary;
import java.util.HashMap;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Builds from training data, with Spark, what encoding needs: word vocabularies (word counts by
 * {@code reduceByKey}, words under the minimum count dropped on the executors), label dictionaries and
 * per-channel normalizations ({@code treeAggregate} of {@link ChannelMoments}).
 */
public final class Dictionaries {
    private Dictionaries() {
    }

    /** See {@link Vocabulary#words}: {@code <unk>} first, then words by count; {@code maxSize <= 0}: no limit. */
    public static Vocabulary words(JavaRDD<List<String>> tokens, long minCount, int maxSize) {
        HashMap<String, Long> counts = new HashMap<>(tokens.flatMap(List::iterator)
                .mapToPair(w -> new Tuple2<>(w, 1L)).reduceByKey(Long::sum)
                .filter(t -> t._2() >= minCount).collectAsMap());
        return Vocabulary.words(counts, minCount, maxSize);
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
        ChannelMoments m = series.treeAggregate(new ChannelMoments(channels.get(0)),
                (acc, s) -> acc.add(s.values()), ChannelMoments::merge);
        return Normalization.of(m, stdFloor);
    }
}
