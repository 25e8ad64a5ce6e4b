package dev.sparkrnn.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Imports flow one way, exactly as the README's "Layers" block states: the test reads that block (so the
 * README and the test cannot disagree), then checks every import of every main source against it. A package
 * the block does not name fails, and so does a Spark, Scala or Hadoop import (or fully qualified name) in a
 * package of the block's "no Spark" line.
 */
class LayeringTest {
    static final Path SRC = Path.of("src/main/java/dev/sparkrnn");
    static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    static final Pattern QUALIFIED = Pattern.compile("\\bdev\\.sparkrnn\\.([a-z]+)\\.[A-Z]");
    static final Pattern FOREIGN = Pattern.compile("\\b(org\\.apache\\.(spark|hadoop)|scala)\\.[\\w.]+");
    static final String PURE_LINE = "no Spark, Scala or Hadoop:";

    /** The README's rule: each package and the project packages it may import. */
    record Rule(Map<String, Set<String>> allowed, Set<String> pure) { }

    static Rule readmeRule() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf("### Layers");
        assertTrue(at >= 0, "README.md has no '### Layers' section");
        int open = readme.indexOf("```text\n", at);
        int close = readme.indexOf("```", open + 8);
        assertTrue(open >= 0 && close > open, "the Layers section has no ```text block");
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        Set<String> pure = null;
        for (String line : readme.substring(open + 8, close).split("\n")) {
            if (line.isBlank()) continue;
            if (line.startsWith(PURE_LINE)) {
                pure = new TreeSet<>(words(line.substring(PURE_LINE.length())));
                continue;
            }
            String[] sides = line.split("->", -1);
            assertEquals(2, sides.length, "not 'package -> packages': " + line);
            allowed.put(sides[0].strip(), new TreeSet<>(words(sides[1])));
        }
        assertNotNull(pure, "the Layers block has no '" + PURE_LINE + "' line");
        return new Rule(allowed, pure);
    }

    private static List<String> words(String s) {
        return s.isBlank() ? List.of() : Arrays.asList(s.strip().split("\\s+"));
    }

    @Test
    void readmeRuleIsALayering() throws IOException {
        Rule rule = readmeRule();
        for (Map.Entry<String, Set<String>> e : rule.allowed().entrySet()) {
            assertFalse(e.getValue().contains(e.getKey()), e.getKey() + " lists itself");
            assertTrue(rule.allowed().keySet().containsAll(e.getValue()), e.getKey() + " names an unknown package: " + e.getValue());
            if (rule.pure().contains(e.getKey())) {
                assertTrue(rule.pure().containsAll(e.getValue()), e.getKey() + " is Spark-free but may import " + e.getValue());
            }
        }
        // no cycles below the entry points: a package below app/bench never reaches itself
        for (String p : rule.allowed().keySet()) {
            if (p.equals("app") || p.equals("bench")) continue;
            Set<String> seen = new TreeSet<>();
            List<String> todo = new ArrayList<>(rule.allowed().get(p));
            while (!todo.isEmpty()) {
                String q = todo.remove(todo.size() - 1);
                assertFalse(q.equals(p), p + " reaches itself through the rule");
                if (seen.add(q)) todo.addAll(rule.allowed().get(q));
            }
        }
    }

    @Test
    void importsFollowTheReadmeRule() throws IOException {
        Rule rule = readmeRule();
        List<String> violations = new ArrayList<>();
        Set<String> packages = new TreeSet<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(SRC)) {
            for (Path f : (Iterable<Path>) all.filter(p -> p.toString().endsWith(".java"))::iterator) {
                files++;
                String pkg = SRC.relativize(f).getName(0).toString();
                packages.add(pkg);
                Set<String> ok = rule.allowed().get(pkg);
                if (ok == null) {
                    violations.add(f + ": package " + pkg + " is not in the README's Layers block");
                    continue;
                }
                String text = Files.readString(f);
                Matcher m = IMPORT.matcher(text);
                while (m.find()) {
                    String imp = m.group(2);
                    if (rule.pure().contains(pkg) && FOREIGN.matcher(imp).lookingAt()) violations.add(f + " imports " + imp);
                }
                Matcher q = QUALIFIED.matcher(text);
                while (q.find()) {
                    String target = q.group(1);
                    if (!target.equals(pkg) && !ok.contains(target)) violations.add(f + " (" + pkg + ") uses " + target + ": " + q.group());
                }
                if (rule.pure().contains(pkg)) {
                    Matcher x = FOREIGN.matcher(text);
                    if (x.find()) violations.add(f + " names " + x.group());
                }
            }
        }
        assertTrue(files > 5, "found only " + files + " sources under " + SRC.toAbsolutePath());
        assertEquals(rule.allowed().keySet(), packages, "the README's Layers block names exactly the packages of src/main");
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }
}
