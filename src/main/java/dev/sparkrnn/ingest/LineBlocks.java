package dev.sparkrnn.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;

/**
 * Groups numbered lines into blocks separated by blank lines (a line is blank when nothing but spaces, TABs
 * and other characters up to U+0020 remain: WNUT's lone-TAB breaks count). Runs of blank lines separate
 * once; a last block without a final blank line is still a block (a truncated file loses nothing).
 *
 * <p>Without a shuffle: a block belongs to the partition holding its first line. A small job collects, per
 * partition, the lines before its first blank line (normally the tail of a block begun in the partition
 * before); the partition that began that block appends them. So the data is read once more, but only up
 * to the first blank line of each partition. A partition with no blank line in more than
 * {@value #MAX_BLOCK_LINES} leading lines is refused (such a file is not blank-line separated).
 */
final class LineBlocks {
    static final int MAX_BLOCK_LINES = 100_000;

    private LineBlocks() {
    }

    /** The lines of one partition before its first blank line. */
    private record Head(int fileIndex, long firstLine, ArrayList<SourceLine> lines, boolean hasBlank) implements Serializable {
    }

    static JavaRDD<List<SourceLine>> of(TextLines text) {
        HashMap<Long, Head> heads = new HashMap<>();
        for (Head h : text.lines().mapPartitions(LineBlocks::head).collect()) heads.put(key(h.fileIndex(), h.firstLine()), h);
        HashMap<Long, Long> lastLineOfSpan = new HashMap<>();   // span start -> its last line
        HashSet<Long> owners = new HashSet<>();                 // span starts whose head begins a block
        Map<Long, TextLines.Span> byLast = new HashMap<>();
        for (TextLines.Span s : text.spans()) byLast.put(key(s.fileIndex(), s.lastLine()), s);
        for (TextLines.Span s : text.spans()) {
            lastLineOfSpan.put(key(s.fileIndex(), s.firstLine()), s.lastLine());
            TextLines.Span before = byLast.get(key(s.fileIndex(), s.firstLine() - 1));
            if (s.firstLine() == 1 || before == null || before.lastBlank()) owners.add(key(s.fileIndex(), s.firstLine()));
        }
        return text.lines().mapPartitions(it -> new Blocks(it, heads, lastLineOfSpan, owners));
    }

    private static Iterator<Head> head(Iterator<SourceLine> it) {
        if (!it.hasNext()) return List.<Head>of().iterator();
        ArrayList<SourceLine> lines = new ArrayList<>();
        SourceLine first = it.next();
        SourceLine l = first;
        while (!isBlank(l)) {
            lines.add(l);
            if (lines.size() > MAX_BLOCK_LINES) {
                throw new BadInputException(first.source().where() + ": no blank line in " + MAX_BLOCK_LINES
                        + " lines; expected sentences separated by blank lines");
            }
            if (!it.hasNext()) break;
            l = it.next();
        }
        return List.of(new Head(first.source().fileIndex(), first.source().line(), lines, isBlank(l))).iterator();
    }

    static boolean isBlank(SourceLine l) {
        return l.text().trim().isEmpty();
    }

    private static long key(int fileIndex, long line) {
        return RecordIds.of(fileIndex, line, 0);
    }

    /** The blocks that start in one partition. */
    private static final class Blocks implements Iterator<List<SourceLine>> {
        private final Iterator<SourceLine> it;
        private final Map<Long, Head> heads;
        private final Map<Long, Long> lastLineOfSpan;
        private List<SourceLine> next;
        private int fileIndex;
        private long lastLine;

        Blocks(Iterator<SourceLine> it, Map<Long, Head> heads, Map<Long, Long> lastLineOfSpan, HashSet<Long> owners) {
            this.it = it;
            this.heads = heads;
            this.lastLineOfSpan = lastLineOfSpan;
            if (!it.hasNext()) return;
            SourceLine first = it.next();
            fileIndex = first.source().fileIndex();
            Long last = lastLineOfSpan.get(key(fileIndex, first.source().line()));
            if (last == null) throw new IllegalStateException("no span starts at " + first.source());
            lastLine = last;
            if (owners.contains(key(fileIndex, first.source().line()))) {
                next = advance(first);
            } else {
                SourceLine l = first;
                while (!isBlank(l) && it.hasNext()) l = it.next();   // the previous partition's block
                next = isBlank(l) ? advance(null) : null;
            }
        }

        /** The next block, starting with {@code first} when given; null at the end. */
        private List<SourceLine> advance(SourceLine first) {
            List<SourceLine> block = new ArrayList<>();
            SourceLine l = first;
            while (true) {
                if (l == null) {
                    if (!it.hasNext()) break;
                    l = it.next();
                }
                if (isBlank(l)) {
                    if (!block.isEmpty()) return block;
                } else {
                    block.add(l);
                }
                l = null;
            }
            if (block.isEmpty()) return null;
            // the partition ended inside the block: take the heads of the following partitions
            long line = lastLine;
            Head h;
            while ((h = heads.get(key(fileIndex, line + 1))) != null) {
                block.addAll(h.lines());
                if (h.hasBlank()) break;
                line = lastLineOfSpan.get(key(fileIndex, line + 1));
            }
            return block;
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public List<SourceLine> next() {
            if (next == null) throw new NoSuchElementException();
            List<SourceLine> b = next;
            next = advance(null);
            return b;
        }
    }
}
