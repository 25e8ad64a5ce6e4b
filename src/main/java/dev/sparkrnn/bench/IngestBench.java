package dev.sparkrnn.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Ingestion of a character corpus larger than memory, as a user runs it: the README's main job
 * ({@code jobs/char-shakespeare.conf}) through the command line in its own JVM with a small heap, on a generated
 * corpus of at least {@code factor} times that heap, stopped by its time budget after its first update. Reports
 * the time from the JVM's start to the first update (Spark's start-up, reading, encoding, dealing), the
 * throughput in MB/s, the first update's time, the peak heap before and after a collection (from the JVM's GC
 * log), and the peak disk space of Spark's local directory (shuffle and spilled partitions).
 *
 * <p>Arguments: project root, output JSON file, work directory, heap MB, factor, java, JVM flags..., then
 * {@code --} and the class path.
 */
public final class IngestBench {
    private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path work = Path.of(args[2]);
        int heapMb = Integer.parseInt(args[3]);
        int factor = Integer.parseInt(args[4]);
        String java = args[5];
        List<String> flags = new ArrayList<>();
        int i = 6;
        while (!args[i].equals("--")) flags.add(args[i++]);
        String classPath = args[i + 1];

        Files.createDirectories(work);
        long bytes = (long) factor * heapMb << 20;
        Path corpus = work.resolve("corpus-" + (bytes >> 20) + "m.txt");
        if (!Files.exists(corpus) || Files.size(corpus) < bytes) generate(root.resolve("jobs/data/tinyshakespeare/shakespeare.txt"), corpus, bytes);
        long corpusBytes = Files.size(corpus);
        Path output = work.resolve("out");
        Path local = work.resolve("spark-local");
        Path gcLog = work.resolve("gc.log");
        deleteTree(output);
        deleteTree(local);
        Files.createDirectories(local);

        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(flags);
        cmd.add("-Xmx" + heapMb + "m");
        cmd.add("-Xlog:gc:file=" + gcLog);
        cmd.add("-Dlog4j2.configurationFile=" + root.resolve("conf/log4j2.properties"));
        cmd.addAll(List.of("-cp", classPath, "dev.sparkrnn.app.Main", "train", "--conf", "jobs/char-shakespeare.conf",
                "--set", "input=" + corpus, "--set", "output=" + output,
                // one update on 1/10000 of the corpus, validated on 1/5000 of its blocks, then the time budget stops it
                "--set", "train.slices=10000", "--set", "validation.fraction=0.0002", "--set", "train.max.seconds=1"));
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("SPARK_LOCAL_DIRS", local.toString());
        Process p = pb.start();
        AtomicLong peakDisk = new AtomicLong();
        Thread disk = new Thread(() -> {
            while (p.isAlive()) {
                peakDisk.accumulateAndGet(size(local), Math::max);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        disk.setDaemon(true);
        disk.start();
        double toUpdate = Double.NaN;
        String summary = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                System.out.println(line);
                if (summary == null && line.startsWith("char-lm: ")) {
                    toUpdate = (System.nanoTime() - start) / 1e9;
                    summary = line;
                }
            }
        }
        int exit = p.waitFor();
        double total = (System.nanoTime() - start) / 1e9;
        disk.interrupt();
        if (exit != 0 || summary == null) throw new IllegalStateException("the training run failed (exit " + exit + ")");
        long before = 0;
        long after = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC.matcher(line);
            if (m.find()) {
                before = Math.max(before, Long.parseLong(m.group(1)));
                after = Math.max(after, Long.parseLong(m.group(2)));
            }
        }
        Matcher seqs = Pattern.compile("(\\d+) training sequences").matcher(summary);
        String json = String.format(Locale.ROOT,
                "{\"bench\":\"ingest\",\"task\":\"char-lm\",\"corpus_mb\":%.1f,\"heap_max_mb\":%d,\"corpus_over_heap\":%.2f,"
                        + "\"training_sequences\":%s,\"seconds_to_first_update\":%.1f,\"ingest_mb_per_s\":%.2f,"
                        + "\"first_update_and_exit_s\":%.1f,\"peak_heap_used_mb\":%d,\"peak_heap_live_after_gc_mb\":%d,"
                        + "\"peak_spark_local_dir_mb\":%.0f,\"cores\":%d}",
                corpusBytes / 1048576.0, heapMb, corpusBytes / (heapMb * 1048576.0), seqs.find() ? seqs.group(1) : "null",
                toUpdate, corpusBytes / 1048576.0 / toUpdate, total - toUpdate, before, after, peakDisk.get() / 1048576.0,
                Runtime.getRuntime().availableProcessors());
        System.out.println(json);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        deleteTree(output);
        deleteTree(local);
    }

    /** Lines of the bundled Shakespeare slice, shuffled afresh (seeded) for each copy, up to {@code bytes}. */
    static void generate(Path source, Path corpus, long bytes) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(source, StandardCharsets.UTF_8));
        Random random = new Random(1);
        Path tmp = corpus.resolveSibling(corpus.getFileName() + ".tmp");
        long written = 0;
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            while (written < bytes) {
                Collections.shuffle(lines, random);
                for (String l : lines) {
                    w.write(l);
                    w.write('\n');
                    written += l.getBytes(StandardCharsets.UTF_8).length + 1;
                }
            }
        }
        Files.move(tmp, corpus, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static long size(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;   // a file removed while walking
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }
}
