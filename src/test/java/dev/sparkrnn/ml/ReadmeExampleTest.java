package dev.sparkrnn.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java example (the {@code java} block of "spark.ml stages") is compiled as it stands, against the
 * test class path, and run on Parquet tables of the shipped reviews: it writes a model and a scored table.
 */
class ReadmeExampleTest {

    static String example() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("## spark.ml stages");
        int start = readme.indexOf("```java\n", section);
        assertTrue(section >= 0 && start >= 0, "README.md has no java block under '## spark.ml stages'");
        return readme.substring(start + 8, readme.indexOf("```", start + 8));
    }

    @Test
    void theReadmesPipelineCompilesAndRuns(@TempDir Path tmp) throws Exception {
        String source = example();
        assertTrue(source.lines().count() <= 25, "the example should stay short: " + source.lines().count() + " lines");
        Path src = tmp.resolve("src/ScoreReviews.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = tmp.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
                src.toString());
        assertEquals(0, rc, "the README's example does not compile");

        Dataset<Row> reviews = RnnClassifierTest.sentences(300);
        String train = tmp.resolve("train").toString(), score = tmp.resolve("score").toString();
        reviews.limit(240).write().parquet(train);
        reviews.write().parquet(score);
        Path out = tmp.resolve("out");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            loader.loadClass("ScoreReviews").getMethod("main", String[].class)
                    .invoke(null, (Object) new String[] {train, score, out.toString()});
        }
        List<Row> scored = RnnClassifierTest.spark().read().parquet(out.resolve("scored").toString()).collectAsList();
        assertEquals(300, scored.size());
        for (Row r : scored) assertTrue(List.of("0", "1").contains(r.getString(1)), r.toString());
        assertTrue(Files.isDirectory(out.resolve("model/stages")));
    }
}
