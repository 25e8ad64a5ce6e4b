package dev.sparkrnn.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Child processes of the cluster tests: started with their output in a file, waited for, killed with their children. */
final class Processes {
    private Processes() {
    }

    /** The result of a command run to its end. */
    record Finished(int exit, String output, Path log) {
    }

    static Process start(List<String> command, Map<String, String> env, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).directory(SparkDistribution.ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs {@code command} to its end (killed after {@code timeout}) and returns its exit code and output. */
    static Finished run(List<String> command, Map<String, String> env, Path log, Duration timeout)
            throws IOException, InterruptedException {
        Process p = start(command, env, log);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill(p);
            throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeout + "; output:\n"
                    + tail(log, 60));
        }
        return new Finished(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8), log);
    }

    /** {@link #run}, printing how long it took as {@code "label: name took N ms (exit E)"}. */
    static Finished runTimed(String label, String name, List<String> command, Map<String, String> env, Path log,
                             Duration timeout) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Finished f = run(command, env, log, timeout);
        System.out.printf("%s: %s took %d ms (exit %d)%n", label, name, (System.nanoTime() - t0) / 1_000_000, f.exit());
        return f;
    }

    /** Waits until the log has a line matching {@code ready}, failing if the process ends or time runs out. */
    static void awaitLine(Process p, Path log, Predicate<String> ready, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(log) && Files.readAllLines(log, StandardCharsets.UTF_8).stream().anyMatch(ready)) return;
            if (!p.isAlive()) throw new IllegalStateException("process ended (exit " + p.exitValue() + "):\n" + tail(log, 60));
            Thread.sleep(200);
        }
        throw new IllegalStateException("not ready within " + timeout + ":\n" + tail(log, 60));
    }

    /** Kills the process and every process it started (a Worker's executors and drivers). */
    static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String tail(Path log, int lines) throws IOException {
        if (!Files.exists(log)) return "(no output)";
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
