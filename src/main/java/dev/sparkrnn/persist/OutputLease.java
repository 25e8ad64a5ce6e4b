package dev.sparkrnn.persist;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time per output directory: a lease on {@code OUTPUT/_lock}, on any Hadoop file system. A run
 * takes it by creating the file exclusively (HDFS's create without overwrite; on a local disk, an atomic
 * create-new), writes into it its id, host, process and start time and the lease's length, and renews it
 * while it runs by setting the file's modification time (a daemon thread, every third of the lease). The
 * lease expires {@code lease} after the last renewal; a run that finds an expired lock (its holder crashed or
 * was killed) takes it over by renaming the stale file aside (an atomic rename: of two runs taking over, one
 * wins) and creating its own. A second run while the lease is alive is refused at once with
 * {@link LeaseHeldException}, which names the holder. {@link #close()} stops the renewals and deletes the
 * lock if it is still this run's.
 */
public final class OutputLease implements AutoCloseable {
    /** The lock file's name under the output directory (hidden from Hadoop input formats by its "_"). */
    public static final String LOCK = "_lock";
    private static final Logger LOG = LoggerFactory.getLogger(OutputLease.class);

    private final FileSystem fs;
    private final Path lock;
    private final String id;
    private final ScheduledExecutorService renewal;

    /** Who holds a lease, as its lock file says, and until when (the last renewal plus the lease). */
    public record Holder(String id, String host, String pid, String started, long leaseMillis, Instant expires) {
        @Override
        public String toString() {
            return "run " + id + " on " + host + " (process " + pid + "), started " + started + "; its lease expires "
                    + expires + " unless renewed";
        }
    }

    private OutputLease(FileSystem fs, Path lock, String id, long leaseMillis) {
        this.fs = fs;
        this.lock = lock;
        this.id = id;
        this.renewal = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "spark-rnn lease " + lock);
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, leaseMillis / 3);
        renewal.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lease on {@code output} (created when missing) for {@code leaseMillis}, renewed while this JVM
     * runs until {@link #close()}.
     *
     * @throws LeaseHeldException another run holds an unexpired lease
     */
    public static OutputLease acquire(Configuration conf, String output, long leaseMillis) throws IOException {
        if (leaseMillis <= 0) throw new IllegalArgumentException("lease must be positive: " + leaseMillis);
        Path dir = new Path(output);
        FileSystem fs = dir.getFileSystem(conf);
        Path lock = fs.makeQualified(new Path(dir, LOCK));
        fs.mkdirs(lock.getParent());
        String id = UUID.randomUUID().toString();
        byte[] content = content(id, leaseMillis);
        for (int attempt = 0; attempt < 5; attempt++) {
            if (create(fs, lock, content)) return new OutputLease(fs, lock, id, leaseMillis);
            Optional<Holder> h = holder(fs, lock, leaseMillis);
            if (h.isEmpty()) continue;   // released meanwhile: try again
            if (h.get().expires().isAfter(Instant.now())) throw new LeaseHeldException(lock, h.get());
            Path stale = new Path(lock.getParent(), LOCK + ".expired-" + UUID.randomUUID());
            if (fs.rename(lock, stale)) {
                LOG.warn("took over the expired lease of {} on {}", h.get(), lock.getParent());
                fs.delete(stale, false);
            }
        }
        throw new IOException("could not take the lease " + lock + ": it changed hands 5 times while trying");
    }

    /** The holder of the lease on {@code output}, if any (expired or not). */
    public static Optional<Holder> holder(Configuration conf, String output) throws IOException {
        Path dir = new Path(output);
        FileSystem fs = dir.getFileSystem(conf);
        return holder(fs, fs.makeQualified(new Path(dir, LOCK)), 0);
    }

    /** This run's id, as the lock file holds it. */
    public String id() {
        return id;
    }

    private static byte[] content(String id, long leaseMillis) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown";
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("host", host);
        m.put("pid", Long.toString(ProcessHandle.current().pid()));
        m.put("started", Instant.now().toString());
        m.put("leaseMillis", Long.toString(leaseMillis));
        m.put("jvm", ManagementFactory.getRuntimeMXBean().getName());
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Creates the lock exclusively with its content; false when it exists. */
    private static boolean create(FileSystem fs, Path lock, byte[] content) throws IOException {
        if (fs instanceof LocalFileSystem local) {   // its create(overwrite = false) checks, then creates: not atomic
            java.nio.file.Path p = local.pathToFile(lock).toPath();
            try {
                Files.write(p, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
        try (FSDataOutputStream out = fs.create(lock, false)) {
            out.write(content);
            out.hsync();
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (fs.exists(lock)) return false;   // e.g. HDFS's AlreadyBeingCreatedException of a racing creator
            throw e;
        }
    }

    /**
     * The lock's holder. A lock whose content cannot be read yet (a creator still writing it: on HDFS the file
     * shows 0 bytes until then) or at all counts as leased for {@code defaultLease} from its modification time,
     * so it is neither taken over while being created nor able to block scheduled runs for ever.
     */
    private static Optional<Holder> holder(FileSystem fs, Path lock, long defaultLease) throws IOException {
        FileStatus status;
        byte[] bytes;
        try {
            status = fs.getFileStatus(lock);
            bytes = new byte[(int) Math.min(status.getLen(), 1 << 16)];
            try (FSDataInputStream in = fs.open(lock)) {
                in.readFully(bytes);
            }
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) m.put(line.substring(0, eq), line.substring(eq + 1));
        }
        long lease;
        try {
            lease = Long.parseLong(m.getOrDefault("leaseMillis", Long.toString(defaultLease)));
        } catch (NumberFormatException e) {
            lease = defaultLease;
        }
        return Optional.of(new Holder(m.getOrDefault("id", "?"), m.getOrDefault("host", "?"), m.getOrDefault("pid", "?"),
                m.getOrDefault("started", "?"), lease, Instant.ofEpochMilli(status.getModificationTime() + lease)));
    }

    private void renew() {
        try {
            Optional<Holder> h = holder(fs, lock, 0);
            if (h.isPresent() && h.get().id().equals(id)) {
                fs.setTimes(lock, System.currentTimeMillis(), -1);
            } else {
                LOG.error("the lease {} is no longer this run's ({}): another run took it over after it expired",
                        lock, h.map(Holder::toString).orElse("no lock"));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not renew the lease {}: {}", lock, e.toString());
        }
    }

    /** Stops renewing and deletes the lock if it is still this run's. */
    @Override
    public void close() {
        renewal.shutdownNow();
        try {
            Optional<Holder> h = holder(fs, lock, 0);
            if (h.isPresent() && h.get().id().equals(id)) fs.delete(lock, false);
        } catch (IOException e) {
            LOG.warn("could not release the lease {}: {}", lock, e.toString());
        }
    }

    /** Another run holds the output's lease. */
    public static final class LeaseHeldException extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Holder holder;

        LeaseHeldException(Path lock, Holder holder) {
            super(lock.getParent() + " is in use by " + holder + " (" + lock + "). Another run of the same job is"
                    + " going on; if that run died, a run after the lease expires takes over.");
            this.holder = holder;
        }

        public Holder holder() {
            return holder;
        }
    }
}
