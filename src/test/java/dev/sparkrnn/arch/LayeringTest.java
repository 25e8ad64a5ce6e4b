package dev.sparkrnn.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Imports flow one way: app/jobs -> {config, ingest, train, persist} -> {optim, data, kernel}. The pure
 * packages (kernel, optim, data, config) never touch Spark, Scala or Hadoop, so they run and test without
 * a cluster; lower layers never import higher ones.
 */
class LayeringTest {
    static final Path SRC = Path.of("src/main/java/dev/sparkrnn");
    static final List<String> PURE = List.of("kernel", "optim", "data", "config");
    static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    static final Pattern FQN = Pattern.compile("\\b(org\\.apache\\.(spark|hadoop)|scala)\\.[\\w.]+");

    /** Which project packages each layer may use. */
    static List<String> allowed(String pkg) {
        return switch (pkg) {
            case "kernel" -> List.of("kernel");
            case "optim" -> List.of("optim");
            case "data" -> List.of("data", "kernel");
            case "config" -> List.of("config");
            case "ingest", "train", "persist" -> List.of("ingest", "train", "persist", "config", "optim", "data", "kernel");
            default -> null;   // app, jobs, bench: entry points may use everything
        };
    }

    @Test
    void layersImportOnlyDownward() throws IOException {
        List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(SRC)) {
            for (Path f : (Iterable<Path>) all.filter(p -> p.toString().endsWith(".java"))::iterator) {
                files++;
                String pkg = SRC.relativize(f).getName(0).toString();
                String text = Files.readString(f);
                List<String> ok = allowed(pkg);
                Matcher m = IMPORT.matcher(text);
                while (m.find()) {
                    String imp = m.group(2);
                    if (PURE.contains(pkg) && (imp.startsWith("org.apache.spark") || imp.startsWith("org.apache.hadoop")
                            || imp.startsWith("scala."))) {
                        violations.add(f + " imports " + imp);
                    }
                    if (ok != null && imp.startsWith("dev.sparkrnn.")) {
                        String target = imp.substring("dev.sparkrnn.".length()).split("\\.")[0];
                        if (!ok.contains(target)) violations.add(f + " (" + pkg + ") imports " + imp);
                    }
                }
                if (PURE.contains(pkg)) {
                    Matcher q = FQN.matcher(text);
                    if (q.find()) violations.add(f + " names " + q.group());
                }
            }
        }
        assertTrue(files > 5, "found only " + files + " sources under " + SRC.toAbsolutePath());
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }
}
