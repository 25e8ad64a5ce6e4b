package dev.sparkrnn.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run per output directory, on the local file system and on HDFS: a second taker is refused while the
 * lease lives, naming the holder (another JVM: its process id); the lease is renewed while its holder runs;
 * a holder killed with SIGKILL blocks the next run for no longer than the lease; a released lease is free at
 * once; of several concurrent takers exactly one wins. Group {@code multi-jvm} (it starts holder processes).
 */
@Tag("multi-jvm")
@ExtendWith(MiniHdfs.Resolver.class)
class OutputLeaseTest {
    @TempDir
    java.nio.file.Path tmp;

    final Configuration conf = new Configuration();

    @Test
    void localFileSystem() throws Exception {
        exercise(tmp.resolve("out").toUri().toString());
    }

    @Test
    void hdfs(MiniHdfs hdfs) throws Exception {
        exercise(hdfs.root + "/lease-test/out");
    }

    void exercise(String output) throws Exception {
        // in one JVM: a second taker is refused, a released lease is free at once
        try (OutputLease first = OutputLease.acquire(conf, output, 60_000)) {
            OutputLease.LeaseHeldException e = assertThrows(OutputLease.LeaseHeldException.class,
                    () -> OutputLease.acquire(conf, output, 60_000));
            assertEquals(first.id(), e.holder().id());
            assertTrue(e.getMessage().contains("is in use by run " + first.id()), e.getMessage());
            assertEquals(Long.toString(ProcessHandle.current().pid()), e.holder().pid());
        }
        assertTrue(OutputLease.holder(conf, output).isEmpty(), "released");
        OutputLease.acquire(conf, output, 60_000).close();

        // renewal keeps a short lease alive well past its length
        try (OutputLease held = OutputLease.acquire(conf, output, 1_500)) {
            Thread.sleep(3_000);
            assertThrows(OutputLease.LeaseHeldException.class, () -> OutputLease.acquire(conf, output, 1_500));
        }

        // another process holds it: refused, naming that process; killed, it blocks for no longer than its lease
        long lease = 3_000;
        Process other = holder(output, lease);
        try {
            String line = firstLine(other);
            assertTrue(line.startsWith("HELD "), line);
            OutputLease.LeaseHeldException e = assertThrows(OutputLease.LeaseHeldException.class,
                    () -> OutputLease.acquire(conf, output, lease));
            assertEquals(Long.toString(other.pid()), e.holder().pid(), e.getMessage());
            other.destroyForcibly().waitFor(30, TimeUnit.SECONDS);   // SIGKILL: no release, no more renewals
            long killed = System.nanoTime();
            OutputLease taken = null;
            while (taken == null) {
                try {
                    taken = OutputLease.acquire(conf, output, lease);
                } catch (OutputLease.LeaseHeldException stillHeld) {
                    assertTrue((System.nanoTime() - killed) / 1e6 < lease + 2 * lease / 3 + 5_000,
                            "a dead holder blocks for about its lease, not longer");
                    Thread.sleep(200);
                }
            }
            long waited = (System.nanoTime() - killed) / 1_000_000;
            System.out.printf("OutputLeaseTest %s: took over %d ms after the holder was killed (lease %d ms)%n",
                    output, waited, lease);
            // while it is ours, a process is refused in turn
            Process third = holder(output, lease);
            assertTrue(third.waitFor(60, TimeUnit.SECONDS));
            assertEquals(5, third.exitValue());
            assertTrue(firstLine(third).startsWith("REFUSED"), "the process names the holder");
            taken.close();
        } finally {
            other.destroyForcibly();
        }

        // several processes at once: exactly one holds it
        List<Process> racers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) racers.add(holder(output, 60_000));
            int held = 0, refused = 0;
            for (Process p : racers) {
                String line = firstLine(p);
                if (line.startsWith("HELD")) held++;
                if (line.startsWith("REFUSED")) refused++;
            }
            assertEquals(1, held);
            assertEquals(2, refused);
        } finally {
            for (Process p : racers) p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertFalse(OutputLease.holder(conf, output).isEmpty(), "a killed holder's lock stays until it expires");
    }

    static Process holder(String output, long leaseMillis) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LeaseHolder.class.getName(), output,
                Long.toString(leaseMillis))
                .redirectError(new File("target/lease-holder.err"))
                .start();
    }

    static String firstLine(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        return line == null ? "(no output; see target/lease-holder.err)" : line;
    }
}
