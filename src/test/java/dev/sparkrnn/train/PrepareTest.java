package dev.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.data.CharVocabulary;
import dev.sparkrnn.data.EncodedSequence;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.RDDInfo;
import org.junit.jupiter.api.Test;

/**
 * The training data as the trainer keeps it: every sequence exactly once, each partition longest first then
 * by id, the same partitions whatever the input's partitioning, and kept packed (about a byte a character).
 */
class PrepareTest {

    @Test
    void dealsEverySequenceOnceSortedAndIndependentOfTheInput() {
        JavaSparkContext sc = LocalSpark.context();
        List<EncodedSequence> data = TrainingData.lines(600, new CharVocabulary[1]);
        List<List<Long>> first = partitions(DistributedTrainer.prepare(sc.parallelize(data, 1), 3));
        List<List<Long>> second = partitions(DistributedTrainer.prepare(sc.parallelize(data, 7), 3));
        assertEquals(first, second, "the same partitions from 1 or 7 input partitions");
        List<Long> all = new ArrayList<>();
        first.forEach(all::addAll);
        assertEquals(data.size(), all.size());
        assertEquals(data.size(), all.stream().distinct().count());
        for (List<Long> p : first) assertTrue(p.size() > data.size() / 3 * 0.75, "partition of " + p.size() + " sequences");

        List<List<EncodedSequence>> parts = DistributedTrainer.prepare(sc.parallelize(data, 2), 3).glom().collect();
        for (List<EncodedSequence> p : parts) {
            for (int i = 1; i < p.size(); i++) {
                EncodedSequence a = p.get(i - 1);
                EncodedSequence b = p.get(i);
                assertTrue(a.length > b.length || (a.length == b.length && a.id < b.id), "sorted at " + i);
            }
        }
    }

    @Test
    void keepsSequencesPacked() {
        JavaSparkContext sc = LocalSpark.context();
        // the character model's sequences: 100 characters of the text each
        String text = String.join("\n", TrainingData.lines(3000, new CharVocabulary[1]).stream()
                .map(s -> java.util.Arrays.toString(s.tokens)).toList());
        CharVocabulary vocab = CharVocabulary.of(text);
        int[] codes = vocab.encode(text);
        List<EncodedSequence> data = new ArrayList<>();
        for (int s = 0; s + 101 <= codes.length; s += 100) {
            data.add(EncodedSequence.tagged(s, java.util.Arrays.copyOfRange(codes, s, s + 100),
                    java.util.Arrays.copyOfRange(codes, s + 1, s + 101)));
        }
        long chars = data.stream().mapToLong(s -> s.length).sum();
        JavaRDD<EncodedSequence> prepared = DistributedTrainer.prepare(sc.parallelize(data, 2), 2);
        prepared.count();
        int kept = prepared.rdd().dependencies().head().rdd().id();   // the packed parent the trainer reads through
        long bytes = 0;
        for (RDDInfo info : sc.sc().getRDDStorageInfo()) if (info.id() == kept) bytes += info.memSize() + info.diskSize();
        // as objects, two int[] a sequence: over 8 bytes a character
        assertTrue(bytes > 0 && bytes < chars * 1.6, bytes + " bytes kept for " + chars + " characters");
        sc.getPersistentRDDs().get(kept).unpersist(true);
    }

    private static List<List<Long>> partitions(JavaRDD<EncodedSequence> r) {
        List<List<Long>> out = new ArrayList<>();
        for (List<EncodedSequence> p : r.glom().collect()) out.add(p.stream().map(s -> s.id).toList());
        r.rdd().dependencies().head().rdd().unpersist(true);
        return out;
    }
}
