package dev.sparkrnn.ingest;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * The lines of text files (any Hadoop path: file, directory or glob, see {@link InputFiles}), each with its
 * file and 1-based line number, whatever the partitioning.
 *
 * <p>How: the files are read with Hadoop's {@code TextInputFormat} (compressed files too), one partition per
 * input split, in file then offset order. A first job counts the lines of each split and looks for NUL bytes;
 * the driver turns the counts into each split's first line number; the lines RDD then numbers its lines from
 * there. Lines end at {@code \n} only (a trailing {@code \r} is removed; a lone {@code \r} stays in the line);
 * a UTF-8 byte-order mark at the start of a file is removed. A line's bytes are decoded as UTF-8 and
 * {@link SourceLine#validUtf8()} says whether they were valid.
 *
 * <p>Binary files: a file with a NUL byte in any line is not a text file. Under {@link BadInputPolicy#FAIL}
 * {@link #read} throws naming the file and the line; under {@code SKIP} the whole file is left out and
 * counted once ({@link #fileProblems()}).
 */
public final class TextLines {
    private final JavaRDD<SourceLine> lines;
    private final List<String> files;
    private final List<Problem> fileProblems;
    private final List<Span> spans;

    /** The lines of one input split: the unit {@link LineBlocks} stitches across. */
    record Span(int fileIndex, long firstLine, long count, boolean lastBlank) implements Serializable {
        long lastLine() {
            return firstLine + count - 1;
        }
    }

    /** What the counting job learns about one split. */
    private record SplitCount(String path, long start, long count, long firstNul, boolean lastBlank) implements Serializable {
    }

    private TextLines(JavaRDD<SourceLine> lines, List<String> files, List<Problem> fileProblems, List<Span> spans) {
        this.lines = lines;
        this.files = files;
        this.fileProblems = fileProblems;
        this.spans = spans;
    }

    public static TextLines read(JavaSparkContext sc, String path, BadInputPolicy policy) {
        return read(sc, InputFiles.list(sc.hadoopConfiguration(), path), policy, 0);
    }

    /** {@code maxSplitBytes > 0} caps the input split size (tests use it to force many partitions). */
    static TextLines read(JavaSparkContext sc, List<Path> inputFiles, BadInputPolicy policy, long maxSplitBytes) {
        JavaNewHadoopRDD<LongWritable, Text> raw = open(sc, inputFiles, maxSplitBytes);
        List<String> files = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        for (Path p : inputFiles) {
            index.put(p.toString(), files.size());
            files.add(p.toString());
        }

        List<SplitCount> counts = new ArrayList<>(raw.mapPartitionsWithInputSplit(TextLines::count, true).collect());
        counts.sort(Comparator.comparing((SplitCount c) -> fileIndex(index, c.path())).thenComparingLong(SplitCount::start));
        HashMap<String, Long> firstLine = new HashMap<>();
        HashSet<String> binary = new HashSet<>();
        List<Problem> fileProblems = new ArrayList<>();
        List<Span> spans = new ArrayList<>();
        long next = 1;
        String previous = null;
        for (SplitCount c : counts) {
            if (!c.path().equals(previous)) next = 1;
            previous = c.path();
            firstLine.put(key(c.path(), c.start()), next);
            if (c.firstNul() >= 0 && binary.add(c.path())) {
                Problem p = new Problem(Source.line(c.path(), fileIndex(index, c.path()), next + c.firstNul()),
                        Defect.NOT_TEXT, "not a text file (NUL bytes): skipped");
                if (policy == BadInputPolicy.FAIL) {
                    throw new BadInputException(new Problem(p.source(), Defect.NOT_TEXT, "not a text file (NUL bytes)"));
                }
                fileProblems.add(p);
            }
            if (c.count() > 0) spans.add(new Span(fileIndex(index, c.path()), next, c.count(), c.lastBlank()));
            next += c.count();
        }
        spans.removeIf(s -> binary.contains(files.get(s.fileIndex())));
        JavaRDD<SourceLine> lines = raw.mapPartitionsWithInputSplit((split, it) -> {
            FileSplit fs = (FileSplit) split;
            String file = fs.getPath().toString();
            if (binary.contains(file)) return Collections.emptyIterator();
            return numbered(it, file, fileIndex(index, file), firstLine.get(key(file, fs.getStart())));
        }, true);
        return new TextLines(lines, List.copyOf(files), List.copyOf(fileProblems), List.copyOf(spans));
    }

    /** The lines, partition order = file then line order. */
    public JavaRDD<SourceLine> lines() {
        return lines;
    }

    /** The input files by file index. */
    public List<String> files() {
        return files;
    }

    /** Whole files left out under {@code SKIP} (binary files), one problem each. */
    public List<Problem> fileProblems() {
        return fileProblems;
    }

    /** {@code parsed} plus the {@link #fileProblems()}, so that reports and checks see skipped files. */
    <T> JavaRDD<Parsed<T>> withFileProblems(JavaRDD<Parsed<T>> parsed) {
        if (fileProblems.isEmpty()) return parsed;
        List<Parsed<T>> bad = new ArrayList<>();
        for (Problem p : fileProblems) bad.add(Parsed.bad(p));
        return parsed.union(JavaSparkContext.fromSparkContext(parsed.context()).parallelize(bad, 1));
    }

    List<Span> spans() {
        return spans;
    }

    private static JavaNewHadoopRDD<LongWritable, Text> open(JavaSparkContext sc, List<Path> files, long maxSplitBytes) {
        try {
            Job job = Job.getInstance(new Configuration(sc.hadoopConfiguration()));
            Configuration conf = job.getConfiguration();
            conf.set("textinputformat.record.delimiter", "\n");
            if (maxSplitBytes > 0) conf.setLong(FileInputFormat.SPLIT_MAXSIZE, maxSplitBytes);
            FileInputFormat.setInputPaths(job, files.toArray(new Path[0]));
            return (JavaNewHadoopRDD<LongWritable, Text>) sc.newAPIHadoopRDD(conf, TextInputFormat.class,
                    LongWritable.class, Text.class);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + files + ": " + e.getMessage(), e);
        }
    }

    private static Iterator<SplitCount> count(org.apache.hadoop.mapreduce.InputSplit split,
            Iterator<Tuple2<LongWritable, Text>> it) {
        FileSplit fs = (FileSplit) split;
        long n = 0;
        long nul = -1;
        boolean lastBlank = false;
        while (it.hasNext()) {
            Text t = it.next()._2();
            byte[] b = t.getBytes();
            int len = t.getLength();
            boolean blank = true;
            for (int i = 0; i < len; i++) {
                if (b[i] == 0 && nul < 0) nul = n;
                if ((b[i] & 0xFF) > ' ') blank = false;
            }
            lastBlank = blank;
            n++;
        }
        return List.of(new SplitCount(fs.getPath().toString(), fs.getStart(), n, nul, lastBlank)).iterator();
    }

    private static Iterator<SourceLine> numbered(Iterator<Tuple2<LongWritable, Text>> it, String file, int fileIndex,
            long first) {
        return new Iterator<>() {
            long line = first;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public SourceLine next() {
                if (!it.hasNext()) throw new NoSuchElementException();
                Text t = it.next()._2();
                return decode(t.getBytes(), t.getLength(), Source.line(file, fileIndex, line++));
            }
        };
    }

    static SourceLine decode(byte[] bytes, int length, Source source) {
        int len = length > 0 && bytes[length - 1] == '\r' ? length - 1 : length;
        String s;
        boolean valid = true;
        try {
            s = Text.decode(bytes, 0, len, false);
        } catch (CharacterCodingException e) {
            valid = false;
            try {
                s = Text.decode(bytes, 0, len, true);
            } catch (CharacterCodingException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        if (source.line() == 1 && s.startsWith("\uFEFF")) s = s.substring(1);
        return new SourceLine(source, s, valid);
    }

    private static int fileIndex(Map<String, Integer> index, String file) {
        Integer i = index.get(file);
        if (i == null) throw new IllegalStateException("Hadoop read " + file + ", which is not among " + index.keySet());
        return i;
    }

    private static String key(String file, long start) {
        return start + "@" + file;
    }
}
