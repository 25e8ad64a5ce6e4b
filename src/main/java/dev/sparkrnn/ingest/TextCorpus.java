package dev.sparkrnn.ingest;

import dev.sparkrnn.data.CharVocabulary;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Mix;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Text files (any Hadoop path) as character-level language-model sequences. The lines of all files, in file
 * then line order, are grouped into blocks of {@code blockLines} consecutive lines (newlines kept; block b holds
 * lines b * blockLines .. of the whole input); each block is cut into sequences of {@code length} characters
 * whose target is the next character, the last one shorter. A block is the unit of the validation split: a
 * seeded hash of its number decides, so the split is reproducible and never cuts through a sequence.
 *
 * <p>Read as {@link TextLines} (file and line of each line, binary files and invalid UTF-8 under the bad-input
 * policy: fail names the first bad line, skip leaves bad lines out and counts them), and without a shuffle:
 * a block belongs to the partition holding its first line, and the few lines a partition's last block needs
 * from the partitions after it (at most {@code blockLines - 1}) are collected first, as {@link LineBlocks} does
 * for sentences. Memory grows with a block, not with the corpus: the text is read as a stream each time it is
 * used (the vocabulary and the first bad line in one pass, then the training and validation parts), never kept.
 */
public final class TextCorpus {
    private final JavaRDD<Tuple2<Long, String>> blocks;   // (block number, text)
    private final CharVocabulary vocabulary;
    private final BadInputReport skipped;

    private TextCorpus(JavaRDD<Tuple2<Long, String>> blocks, CharVocabulary vocabulary, BadInputReport skipped) {
        this.blocks = blocks;
        this.vocabulary = vocabulary;
        this.skipped = skipped;
    }

    /**
     * A partition's first lines, at most {@code blockLines - 1} (what a block begun before it can need; null for a
     * line skipped as bad), and where they start in the whole input.
     */
    private record Head(long firstIndex, List<String> lines) implements Serializable { }

    public static TextCorpus read(JavaSparkContext sc, String path, int blockLines, BadInputPolicy policy) {
        return read(sc, InputFiles.list(sc.hadoopConfiguration(), path), path, blockLines, policy, 0);
    }

    /** {@code maxSplitBytes > 0} caps the input split size (tests use it to force many partitions). */
    static TextCorpus read(JavaSparkContext sc, List<org.apache.hadoop.fs.Path> files, String path, int blockLines,
                           BadInputPolicy policy, long maxSplitBytes) {
        if (blockLines <= 0) throw new IllegalArgumentException("blockLines must be positive");
        TextLines text = TextLines.read(sc, files, policy, maxSplitBytes);
        // each line's index in the whole input: the files' line counts, in file order
        Map<Integer, Long> fileOffset = new HashMap<>();
        long total = 0;
        int lastFile = -1;
        for (TextLines.Span s : text.spans()) {
            if (s.fileIndex() != lastFile) fileOffset.put(s.fileIndex(), total - (s.firstLine() - 1));
            lastFile = s.fileIndex();
            total += s.count();
        }
        return of(text.lines(), fileOffset, path, blockLines, policy, text::withFileProblems);
    }

    /**
     * The lines of one source, numbered from 1 in partition order (a DataFrame's rows: {@link Source#row}), as a
     * corpus read as {@link #read} reads a file.
     */
    public static TextCorpus fromLines(JavaRDD<SourceLine> lines, String name, int blockLines, BadInputPolicy policy) {
        if (blockLines <= 0) throw new IllegalArgumentException("blockLines must be positive");
        return of(lines, Map.of(0, 0L), name, blockLines, policy, parsed -> parsed);
    }

    private static TextCorpus of(JavaRDD<SourceLine> lines, Map<Integer, Long> fileOffset, String path, int blockLines,
                                 BadInputPolicy policy,
                                 java.util.function.UnaryOperator<JavaRDD<Parsed<String>>> withFileProblems) {
        // one pass: the characters of the good lines, and (fail policy) the first bad line
        Scan scan = lines.mapPartitions(it -> List.of(Scan.of(it)).iterator()).fold(new Scan(), Scan::merge);
        if (policy == BadInputPolicy.FAIL && scan.firstProblem != null) throw new BadInputException(scan.firstProblem);
        if (scan.characters.isEmpty()) throw new BadInputException("no text in " + path);
        int need = blockLines - 1;
        List<Head> heads = lines.mapPartitions(it -> head(it, fileOffset, need)).collect();
        List<Head> ordered = new ArrayList<>(heads);
        ordered.sort((a, b) -> Long.compare(a.firstIndex(), b.firstIndex()));
        // not kept: each use (training part, validation part) reads the text again, as a stream
        JavaRDD<Tuple2<Long, String>> blocks = lines.mapPartitions(it -> new Blocks(it, fileOffset, blockLines, ordered));
        CharVocabulary vocab = new CharVocabulary(scan.characters.stream().toArray());
        BadInputReport skipped = policy == BadInputPolicy.SKIP
                ? Checked.of(withFileProblems.apply(lines.filter(l -> l.encodingProblem() != null)
                        .map(l -> Parsed.<String>bad(l.encodingProblem()))), policy).report(5)
                : new BadInputReport(Map.of(), List.of());
        return new TextCorpus(blocks, vocab, skipped);
    }

    /** What one pass over the lines finds: the characters of the good lines (a line break after each), the first bad line. */
    private static final class Scan implements Serializable {
        private static final long serialVersionUID = 1L;
        final BitSet characters = new BitSet();
        Problem firstProblem;

        static Scan of(Iterator<SourceLine> it) {
            Scan s = new Scan();
            while (it.hasNext()) {
                SourceLine l = it.next();
                if (l.encodingProblem() != null) {
                    if (s.firstProblem == null || Checked.BY_POSITION.compare(l.encodingProblem(), s.firstProblem) < 0) {
                        s.firstProblem = l.encodingProblem();
                    }
                    continue;
                }
                l.text().codePoints().forEach(s.characters::set);
                s.characters.set('\n');
            }
            return s;
        }

        Scan merge(Scan o) {
            characters.or(o.characters);
            if (firstProblem == null || (o.firstProblem != null && Checked.BY_POSITION.compare(o.firstProblem, firstProblem) < 0)) {
                firstProblem = o.firstProblem;
            }
            return this;
        }
    }

    /** The first {@code need} lines of a partition: it is read no further. */
    private static Iterator<Head> head(Iterator<SourceLine> it, Map<Integer, Long> fileOffset, int need) {
        if (!it.hasNext()) return List.<Head>of().iterator();
        SourceLine first = it.next();
        long firstIndex = fileOffset.get(first.source().fileIndex()) + first.source().line() - 1;
        List<String> lines = new ArrayList<>();
        SourceLine l = first;
        while (lines.size() < need) {
            lines.add(l.encodingProblem() == null ? l.text() : null);
            if (!it.hasNext()) break;
            l = it.next();
        }
        return List.of(new Head(firstIndex, lines)).iterator();
    }

    /** The blocks whose first line is in one partition. */
    private static final class Blocks implements Iterator<Tuple2<Long, String>> {
        private final Iterator<SourceLine> it;
        private final Map<Integer, Long> fileOffset;
        private final int blockLines;
        private final List<Head> heads;
        private SourceLine pending;
        private long lastIndex = -1;   // index of the last line read from this partition

        Blocks(Iterator<SourceLine> it, Map<Integer, Long> fileOffset, int blockLines, List<Head> heads) {
            this.it = it;
            this.fileOffset = fileOffset;
            this.blockLines = blockLines;
            this.heads = heads;
            // skip the lines of a block begun in a partition before
            while (it.hasNext()) {
                SourceLine l = it.next();
                if (index(l) % blockLines == 0) {
                    pending = l;
                    break;
                }
            }
        }

        private long index(SourceLine l) {
            lastIndex = fileOffset.get(l.source().fileIndex()) + l.source().line() - 1;
            return lastIndex;
        }

        @Override
        public boolean hasNext() {
            return pending != null;
        }

        @Override
        public Tuple2<Long, String> next() {
            if (pending == null) throw new NoSuchElementException();
            long block = lastIndex / blockLines;
            StringBuilder b = new StringBuilder();
            append(b, pending);
            pending = null;
            long end = (block + 1) * blockLines;   // first index of the next block
            while (it.hasNext()) {
                SourceLine l = it.next();
                if (index(l) >= end) {
                    pending = l;
                    return new Tuple2<>(block, b.toString());
                }
                append(b, l);
            }
            // the partition ended inside the block: its remaining lines (fewer than blockLines) open the
            // partitions after this one; a head holds blockLines - 1 lines or its whole partition
            long next = lastIndex + 1;
            for (Head h : heads) {
                if (next >= end) break;
                if (h.firstIndex() != next) continue;
                for (int i = 0; i < h.lines().size() && next < end; i++, next++) {
                    if (h.lines().get(i) != null) b.append(h.lines().get(i)).append('\n');
                }
            }
            return new Tuple2<>(block, b.toString());
        }

        private static void append(StringBuilder b, SourceLine l) {
            if (l.encodingProblem() == null) b.append(l.text()).append('\n');   // a bad line is skipped (counted)
        }
    }

    public CharVocabulary vocabulary() {
        return vocabulary;
    }

    /** The lines left out under the skip policy (invalid UTF-8, binary files), by reason. */
    public BadInputReport skipped() {
        return skipped;
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
