package dev.sparkrnn.ingest;

import dev.sparkrnn.data.CharVocabulary;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Mix;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * A text file (any Hadoop path) as character-level language-model sequences. Lines are grouped into blocks
 * of {@code blockLines} consecutive lines (newlines kept); each block is cut into sequences of
 * {@code length} characters whose target is the next character, the last one shorter. A block is the unit
 * of the validation split: a seeded hash of its number decides, so the split is reproducible and never cuts
 * through a sequence.
 */
public final class TextCorpus {
    private final JavaRDD<Tuple2<Long, String>> blocks;   // (block number, text)
    private final CharVocabulary vocabulary;

    private TextCorpus(JavaRDD<Tuple2<Long, String>> blocks, CharVocabulary vocabulary) {
        this.blocks = blocks;
        this.vocabulary = vocabulary;
    }

    public static TextCorpus read(JavaSparkContext sc, String path, int blockLines) {
        if (blockLines <= 0) throw new IllegalArgumentException("blockLines must be positive");
        JavaRDD<String> lines = sc.textFile(path);
        JavaPairRDD<Long, Tuple2<Long, String>> keyed = lines.zipWithIndex()
                .mapToPair(t -> new Tuple2<>(t._2() / blockLines, new Tuple2<>(t._2(), t._1())));
        JavaRDD<Tuple2<Long, String>> blocks = keyed.groupByKey().map(g -> {
            List<Tuple2<Long, String>> ls = new ArrayList<>();
            g._2().forEach(ls::add);
            ls.sort((a, b) -> Long.compare(a._1(), b._1()));
            StringBuilder sb = new StringBuilder();
            for (Tuple2<Long, String> l : ls) sb.append(l._2()).append('\n');
            return new Tuple2<>(g._1(), sb.toString());
        }).cache();
        List<Integer> cps = blocks.flatMap(b -> b._2().codePoints().distinct().boxed().iterator()).distinct().collect();
        if (cps.isEmpty()) {
            throw new IllegalArgumentException("no text in " + path);
        }
        CharVocabulary vocab = new CharVocabulary(new TreeSet<>(cps).stream().mapToInt(Integer::intValue).toArray());
        return new TextCorpus(blocks, vocab);
    }

    public CharVocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * Sequences of the blocks on one side of the split: {@code validation} false gives the training part.
     * Ids are block * 2^20 + position, stable for the same file and settings.
     */
    public JavaRDD<EncodedSequence> sequences(int length, double validationFraction, long seed, boolean validation) {
        return sequences(length, validationFraction, seed, validation, vocabulary, false);
    }

    /**
     * The same with another vocabulary (a trained model's): characters it does not know are dropped when
     * {@code dropUnknown}, or fail naming the block and character otherwise.
     */
    public JavaRDD<EncodedSequence> sequences(int length, double validationFraction, long seed, boolean validation,
                                              CharVocabulary vocab, boolean dropUnknown) {
        if (length <= 0) throw new IllegalArgumentException("sequence length must be positive");
        return blocks.filter(b -> isValidation(b._1(), validationFraction, seed) == validation).flatMap(b -> {
            int[] codes = dropUnknown
                    ? b._2().codePoints().map(vocab::index).filter(i -> i >= 0).toArray()
                    : vocab.encode(b._2());
            List<EncodedSequence> out = new ArrayList<>();
            int j = 0;
            for (int s = 0; s + 1 < codes.length; s += length, j++) {
                int n = Math.min(length, codes.length - 1 - s);
                int[] x = new int[n];
                int[] y = new int[n];
                System.arraycopy(codes, s, x, 0, n);
                System.arraycopy(codes, s + 1, y, 0, n);
                out.add(EncodedSequence.tagged((b._1() << 20) + j, x, y));
            }
            return out.iterator();
        });
    }

    /** Seeded, reproducible choice of validation blocks. */
    static boolean isValidation(long block, double fraction, long seed) {
        if (fraction <= 0) return false;
        return Mix.uniform(block, seed) < fraction;
    }
}
