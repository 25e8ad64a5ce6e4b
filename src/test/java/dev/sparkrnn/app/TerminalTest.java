package dev.sparkrnn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person sees in a terminal: {@code train} run in its own JVM as {@code scripts/spark-rnn} runs it (the
 * project's logging configuration, its JVM flags without the vector module, the log levels its --quiet and
 * --verbose choose). By default standard error holds no per-update JSON and none of the warnings that are
 * only about the local machine, standard output a few readable lines and the JSON result last; --quiet
 * leaves only that line; --verbose brings the per-update JSON back. Group {@code multi-jvm}.
 */
@Tag("multi-jvm")
class TerminalTest {
    static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exit, List<String> out, List<String> err) { }

    static Run train(Path tmp, String name, String sparkRnnLevel, String sparkLevel, String... extra) throws Exception {
        String flags = System.getProperty("sparkrnn.jvm.flags");
        assertNotNull(flags, "run through Maven: pom.xml's surefire configuration sets sparkrnn.jvm.flags");
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String f : flags.split("\\s+")) if (!f.isBlank() && !f.equals("--add-modules=jdk.incubator.vector")) cmd.add(f);
        cmd.addAll(List.of("-Dlog4j2.configurationFile=" + Path.of("conf/log4j2.properties").toAbsolutePath(),
                "-Dsparkrnn.log.level=" + sparkRnnLevel, "-Dsparkrnn.spark.log.level=" + sparkLevel,
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", "--conf", "jobs/char-shakespeare.conf", "--set", "master=local[2]",
                "--set", "output=" + tmp.resolve(name).toUri(), "--set", "hidden=16", "--set", "train.epochs=1",
                "--set", "train.slices=15", "--set", "generate.length=60"));
        cmd.addAll(Arrays.asList(extra));
        Path out = tmp.resolve(name + ".out"), err = tmp.resolve(name + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "train did not finish");
        return new Run(p.exitValue(), Files.readAllLines(out), Files.readAllLines(err));
    }

    static JsonNode lastJson(Run r) throws IOException {
        assertFalse(r.out().isEmpty(), "no standard output");
        return JSON.readTree(r.out().get(r.out().size() - 1));
    }

    @Test
    void aTrainRunReadsWellByDefaultAndQuietOrVerboseOnRequest(@TempDir Path tmp) throws Exception {
        Run plain = train(tmp, "plain", "info", "warn");
        assertEquals(0, plain.exit(), String.join("\n", plain.err()));
        String err = String.join("\n", plain.err());
        assertFalse(err.contains("\"iteration\""), "no per-update JSON on standard error:\n" + err);
        for (String local : List.of("loopback address", "SPARK_LOCAL_IP", "native-hadoop", "incubator modules")) {
            assertFalse(err.contains(local), "'" + local + "' is only about this machine:\n" + err);
        }
        assertTrue(lastJson(plain).get("complete").asBoolean(), plain.out().toString());
        String out = String.join("\n", plain.out());
        assertTrue(out.contains("char-lm: vocabulary of") && out.contains("BLAS") && out.contains("training v0001 into"), out);
        assertTrue(out.contains("update    15") && out.contains("validation (update 15): loss"), out);
        assertTrue(out.contains("---- sample"), out);
        assertTrue(plain.out().size() < 30, "a readable run, not one line per update: " + plain.out().size() + " lines");
        Path metrics;
        try (var files = Files.list(tmp.resolve("plain/metrics"))) {   // not Hadoop's .crc side file
            metrics = files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
        assertEquals(15, Files.readAllLines(metrics).size(), "the per-update JSON is still in OUTPUT/metrics");

        Run quiet = train(tmp, "quiet", "error", "error", "--quiet");
        assertEquals(0, quiet.exit(), String.join("\n", quiet.err()));
        assertEquals(1, quiet.out().size(), "only the result: " + quiet.out());
        assertTrue(lastJson(quiet).get("complete").asBoolean());
        assertTrue(quiet.err().stream().noneMatch(l -> l.contains(" WARN ") || l.contains(" INFO ")), quiet.err().toString());

        Run verbose = train(tmp, "verbose", "debug", "info", "--verbose");
        assertEquals(0, verbose.exit(), String.join("\n", verbose.err()));
        assertEquals(15, verbose.err().stream().filter(l -> l.contains("update {\"iteration\"")).count(),
                "--verbose: the per-update JSON lines");
        assertTrue(verbose.err().stream().anyMatch(l -> l.contains(" INFO SparkContext")), "and Spark's INFO");
    }
}
