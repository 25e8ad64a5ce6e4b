package dev.sparkrnn.ingest;

import dev.sparkrnn.train.LocalSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** The shared local Spark session and the fixture files of the ingest tests. */
final class Fixtures {
    private Fixtures() {
    }

    static SparkSession spark() {
        LocalSpark.context();
        return SparkSession.active();
    }

    static JavaSparkContext sc() {
        return LocalSpark.context();
    }

    /** Local path of a fixture under src/test/resources/ingest. */
    static String resource(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/ingest/" + name).toURI()).toString();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no test resource ingest/" + name, e);
        }
    }

    static String write(Path dir, String name, String text) {
        return write(dir, name, text.getBytes(StandardCharsets.UTF_8));
    }

    static String write(Path dir, String name, byte[] bytes) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.write(p, bytes);
            return p.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
