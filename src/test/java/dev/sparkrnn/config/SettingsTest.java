package dev.sparkrnn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layers of {@link Settings}: every key of conf/defaults.conf has its default; a job file overrides
 * defaults and {@code --set} overrides the job file; unknown keys are rejected with a "did you mean"; typed
 * getters accept valid values and reject invalid ones with messages naming the key, the value and its source.
 */
class SettingsTest {
    @TempDir
    Path dir;

    /** conf/defaults.conf read line by line (key = value, # comments), independently of java.util.Properties. */
    static Map<String, String> declared() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("conf/defaults.conf"), StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            int eq = l.indexOf('=');
            assertTrue(eq > 0, "not key = value: " + line);
            m.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
        }
        return m;
    }

    Path job(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    static ConfigException rejects(Executable e, String... mentions) {
        ConfigException x = assertThrows(ConfigException.class, e);
        for (String s : mentions) assertTrue(x.getMessage().contains(s), "'" + s + "' missing from: " + x.getMessage());
        return x;
    }

    @Test
    void defaultsHoldEveryDeclaredKeyWithItsValue() throws IOException {
        Map<String, String> declared = declared();
        Map<String, String> defaults = Settings.defaults().asMap();
        assertTrue(declared.size() > 50, "parsed " + declared.size() + " keys from defaults.conf");
        assertEquals(declared.keySet(), defaults.keySet());
        for (var e : declared.entrySet()) assertEquals(e.getValue(), defaults.get(e.getKey()), e.getKey());
        // a few, typed as the commands read them
        Settings s = Settings.defaults();
        assertEquals("char-lm", s.required("task"));
        assertEquals(256, s.integer("hidden", 1, 1 << 20));
        assertEquals(0.003, s.number("lr", 0, 10), 0.0);
        assertFalse(s.bool("model.bidirectional"));
        assertEquals("adam", s.choice("optimizer", "sgd", "adagrad", "rmsprop", "adam", "lbfgs"));
        assertEquals("ROMEO:", s.string("generate.prime"), "a ':' in a value is kept");
        assertNull(s.optional("input"), "an empty default is absent");
        assertTrue(Settings.load(null, null).asMap().equals(defaults), "no job file, no overrides: the defaults");
    }

    @Test
    void jobFileOverridesDefaultsAndSetOverridesTheJobFile() throws IOException {
        Path file = job("my.conf", "# a job\nhidden = 64\nlr = 0.01\n\noptimizer = sgd\ninput = data/in.txt\n");
        Settings s = Settings.load(file, List.of("lr=0.5", " seed = 9 ", "generate.prime=a=b"));
        assertEquals(64, s.integer("hidden", 1, 4096), "from the job file");
        assertEquals("sgd", s.string("optimizer"), "from the job file");
        assertEquals("data/in.txt", s.required("input"));
        assertEquals(0.5, s.number("lr", 0, 1), 0.0, "--set beats the job file");
        assertEquals(9, s.integer("seed", 0, 100), "--set trims key and value");
        assertEquals("a=b", s.string("generate.prime"), "--set splits at the first '='");
        assertEquals("10", s.string("train.epochs"), "untouched keys keep their defaults");
        assertEquals(Settings.defaults().asMap().keySet(), s.asMap().keySet(), "no key added");
        // the layers are values: loading again from defaults is unaffected
        assertEquals("256", Settings.defaults().string("hidden"));
        // a later --set of the same key wins
        assertEquals("3", Settings.load(file, List.of("seed=2", "seed=3")).string("seed"));
    }

    @Test
    void unknownKeysAreRejectedWithTheClosestKey() throws IOException {
        Path file = job("typo.conf", "hiden = 64\n");
        rejects(() -> Settings.load(file, List.of()), "'hiden'", file.toString(), "did you mean 'hidden'?");
        rejects(() -> Settings.load(null, List.of("optimiser=adam")), "'optimiser'", "--set", "did you mean 'optimizer'?");
        rejects(() -> Settings.load(null, List.of("lr.shedule=cosine")), "did you mean 'lr.schedule'?");
        ConfigException far = rejects(() -> Settings.load(null, List.of("completely.unrelated=1")), "'completely.unrelated'");
        assertFalse(far.getMessage().contains("did you mean"), "nothing is close: " + far.getMessage());
        rejects(() -> Settings.defaults().string("no.such.key"), "'no.such.key'");
    }

    @Test
    void setWithoutEqualsIsRejected() {
        rejects(() -> Settings.load(null, List.of("hidden")), "--set expects key=value", "'hidden'");
        rejects(() -> Settings.load(null, List.of("=5")), "--set expects key=value", "'=5'");
        rejects(() -> Settings.load(dir.resolve("missing.conf"), List.of()), "missing.conf");
    }

    @Test
    void typedGettersAcceptValidValues() {
        Settings s = Settings.load(null, List.of("hidden=4096", "lr=1e-3", "model.bidirectional=YES", "input.lowercase=no",
                "optimizer=RmsProp", "predictions=  out/p  ", "partitions=-1"));
        assertEquals(4096, s.integer("hidden", 1, 4096), "the bounds are inclusive");
        assertEquals(-1, s.integer("partitions", -1, 10));
        assertEquals(0.001, s.number("lr", 0.001, 0.001), 0.0);
        assertTrue(s.bool("model.bidirectional"));
        assertFalse(s.bool("input.lowercase"));
        assertTrue(Settings.load(null, List.of("input.lowercase=True")).bool("input.lowercase"));
        assertEquals("rmsprop", s.choice("optimizer", "sgd", "rmsprop"), "choices are case-insensitive, lowercased");
        assertEquals("out/p", s.optional("predictions"));
        assertEquals("out/p", s.required("predictions"));
        assertEquals(1L << 40, Settings.load(null, List.of("seed=1099511627776")).longValue("seed"));
    }

    @Test
    void typedGettersRejectInvalidValuesNamingKeyValueAndSource() throws IOException {
        Path file = job("bad.conf", "hidden = lots\nlr = 2\nrho = NaN\n");
        Settings s = Settings.load(file, List.of("train.epochs=-3", "model.bidirectional=maybe", "optimizer=adamw",
                "train.batch=1.5"));
        rejects(() -> s.integer("hidden", 1, 4096), "'hidden'", "'lots'", file.toString(), "an integer");
        rejects(() -> s.number("lr", 0, 1), "'lr'", "'2'", file.toString(), "[0.0, 1.0]");
        rejects(() -> s.number("rho", 0, 1), "'rho'", "'NaN'", file.toString());
        rejects(() -> s.integer("train.epochs", 1, 1000), "'train.epochs'", "'-3'", "(from --set)", "[1, 1000]");
        rejects(() -> s.integer("train.batch", 1, 1000), "'train.batch'", "'1.5'", "--set", "an integer");
        rejects(() -> s.bool("model.bidirectional"), "'model.bidirectional'", "'maybe'", "--set", "true or false");
        rejects(() -> s.choice("optimizer", "sgd", "adam"), "'optimizer'", "'adamw'", "--set", "one of sgd, adam");
        // a default can be out of a caller's range too, and says it came from defaults.conf
        rejects(() -> Settings.defaults().integer("hidden", 1, 100), "'hidden'", "'256'", "(from defaults.conf)", "[1, 100]");
        rejects(() -> Settings.defaults().number("lr", 0, 1e-4), "'lr'", "'0.003'", "defaults.conf");
        rejects(() -> Settings.defaults().number("input", 0, 1), "'input'", "''", "defaults.conf", "a number");
        // an empty required setting: the message names the key and how to set it
        rejects(() -> Settings.defaults().required("input"), "'input'", "is required", "--set input=");
        rejects(() -> Settings.load(job("empty.conf", "input =\n"), null).required("input"), "'input'", "is required");
        // integers out of int range are rejected, not truncated
        rejects(() -> Settings.load(null, List.of("hidden=4294967297")).integer("hidden", 1, Integer.MAX_VALUE),
                "'4294967297'", "--set");
    }
}
