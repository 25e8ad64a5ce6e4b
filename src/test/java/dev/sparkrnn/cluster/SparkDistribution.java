package dev.sparkrnn.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * The Spark distribution the cluster tests run: {@code SPARK_HOME} (target/spark-dist, set by the cluster
 * profile), whose {@code jars/} the build filled from Maven, and whose {@code bin/} this installs from
 * src/test/spark-dist/bin (Spark's launcher, run as Spark's own scripts run it).
 */
public final class SparkDistribution {
    /** The project's root: the tests run there. */
    public static final Path ROOT = Path.of("").toAbsolutePath();

    private SparkDistribution() {
    }

    /**
     * The environment {@code scripts/submit.sh} runs in: this distribution's spark-submit first on the PATH,
     * the jar already built by Maven, and {@code more} (e.g. HADOOP_CONF_DIR).
     */
    public static java.util.Map<String, String> submitEnvironment(String... more) throws IOException {
        java.util.Map<String, String> env = new java.util.HashMap<>(java.util.Map.of("SPARK_HOME", home().toString(),
                "PATH", home().resolve("bin") + ":" + System.getenv("PATH"), "SPARKRNN_PREBUILT", "1"));
        for (int i = 0; i + 1 < more.length; i += 2) env.put(more[i], more[i + 1]);
        return env;
    }

    /** {@code bash scripts/submit.sh SUBMIT_ARGS -- JOB_ARGS}, as a user types it. */
    public static java.util.List<String> submitCommand(java.util.List<String> submitArgs, String... jobArgs) {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("bash", "scripts/submit.sh"));
        command.addAll(submitArgs);
        command.add("--");
        command.addAll(java.util.Arrays.asList(jobArgs));
        return command;
    }

    /** SPARK_HOME with bin/ installed and executable. */
    public static Path home() throws IOException {
        String env = System.getenv("SPARK_HOME");
        if (env == null) throw new IllegalStateException("SPARK_HOME is not set: run the cluster tests with mvn verify -P cluster");
        Path home = Path.of(env).toAbsolutePath();
        Path jars = home.resolve("jars");
        try (Stream<Path> s = Files.list(jars)) {
            if (s.noneMatch(p -> p.getFileName().toString().startsWith("spark-core_"))) {
                throw new IllegalStateException(jars + " has no spark-core jar: the cluster profile lays it out");
            }
        }
        Path bin = Files.createDirectories(home.resolve("bin"));
        for (String script : new String[] {"spark-class", "spark-submit"}) {
            Path target = bin.resolve(script);
            Files.copy(ROOT.resolve("src/test/spark-dist/bin").resolve(script), target, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home;
    }
}
