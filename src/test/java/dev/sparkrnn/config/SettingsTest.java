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
        assertEquals(256, s.integer("hidden"));
        assertEquals(0.003, s.number("lr"), 0.0);
        assertFalse(s.bool("model.bidirectional"));
        assertEquals("adam", s.choice("optimizer"));
        assertEquals("ROMEO:", s.string("generate.prime"), "a ':' in a value is kept");
        assertNull(s.optional("input"), "an empty default is absent");
        assertTrue(Settings.load(null, null).asMap().equals(defaults), "no job file, no overrides: the defaults");
    }

    @Test
    void jobFileOverridesDefaultsAndSetOverridesTheJobFile() throws IOException {
        Path file = job("my.conf", "# a job\nhidden = 64\nlr = 0.01\n\noptimizer = sgd\ninput = data/in.txt\n");
        Settings s = Settings.load(file, List.of("lr=0.5", " seed = 9 ", "generate.prime=a=b"));
        assertEquals(64, s.integer("hidden"), "from the job file");
        assertEquals("sgd", s.string("optimizer"), "from the job file");
        assertEquals("data/in.txt", s.required("input"));
        assertEquals(0.5, s.number("lr"), 0.0, "--set beats the job file");
        assertEquals(9, s.longValue("seed"), "--set trims key and value");
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
        Settings s = Settings.load(null, List.of("hidden=16384", "lr=1e-3", "model.bidirectional=YES", "input.lowercase=no",
                "optimizer=RmsProp", "predictions=  out/p  ", "partitions=0"));
        assertEquals(16384, s.integer("hidden"), "the declared bounds are inclusive");
        assertEquals(0, s.integer("partitions"));
        assertEquals(0.001, s.number("lr"), 0.0);
        assertTrue(s.bool("model.bidirectional"));
        assertFalse(s.bool("input.lowercase"));
        assertTrue(Settings.load(null, List.of("input.lowercase=True")).bool("input.lowercase"));
        assertEquals("rmsprop", s.choice("optimizer"), "choices are case-insensitive, lowercased");
        assertEquals("rmsprop", s.choice("optimizer", "sgd", "rmsprop"), "a caller may narrow the declared choices");
        assertEquals("out/p", s.optional("predictions"));
        assertEquals("out/p", s.required("predictions"));
        assertEquals(1L << 40, Settings.load(null, List.of("seed=1099511627776")).longValue("seed"));
        assertEquals(1L, Settings.defaults().longValue("vocab.min.count"), "an int setting reads as a long too");
    }

    @Test
    void invalidValuesAreRejectedWhenSetNamingKeyValueAndSource() throws IOException {
        Path file = job("bad.conf", "hidden = lots\n");
        rejects(() -> Settings.load(file, List.of()), "'hidden'", "'lots'", file.toString(), "an integer in [1, 16384]");
        rejects(() -> Settings.load(job("lr.conf", "lr = 2e3\n"), null), "'lr'", "'2e3'", "lr.conf", "a number in [");
        rejects(() -> Settings.load(job("rho.conf", "rho = NaN\n"), null), "'rho'", "'NaN'", "rho.conf");
        rejects(() -> Settings.load(null, List.of("train.epochs=-3")), "'train.epochs'", "'-3'", "(from --set)", "[1, 1000000]");
        rejects(() -> Settings.load(null, List.of("train.batch=1.5")), "'train.batch'", "'1.5'", "--set", "an integer");
        rejects(() -> Settings.load(null, List.of("model.bidirectional=maybe")), "'model.bidirectional'", "'maybe'",
                "true or false");
        rejects(() -> Settings.load(null, List.of("optimizer=adamw")), "'optimizer'", "'adamw'", "one of sgd, adagrad");
        rejects(() -> Settings.load(null, List.of("generate.temperature=abc")), "'generate.temperature'", "'abc'");
        rejects(() -> Settings.load(null, List.of("epsilon=0")), "'epsilon'", "'0'", "[");
        // integers out of int range are rejected, not truncated
        rejects(() -> Settings.load(null, List.of("hidden=4294967297")), "'4294967297'", "--set");
        // a caller's narrower choice names the value and its source
        rejects(() -> Settings.load(null, List.of("optimizer=lbfgs")).choice("optimizer", "sgd", "adam"), "'optimizer'",
                "'lbfgs'", "--set", "one of sgd, adam");
        // an empty required setting: the message names the key, where the empty value came from, and how to set it
        rejects(() -> Settings.defaults().required("input"), "'input'", "is required", "defaults.conf", "--set input=");
        rejects(() -> Settings.load(job("empty.conf", "input =\n"), null).required("input"), "'input'", "is required",
                "empty.conf");
        // a getter of the wrong type is a programming error, not a user's
        assertThrows(IllegalArgumentException.class, () -> Settings.defaults().number("hidden"));
    }

    @Test
    void anIntMayAlsoAcceptAWord() {
        assertEquals(List.of("auto"), Settings.declaration("train.slices").choices());
        Settings auto = Settings.load(null, List.of("train.slices=AUTO"));
        assertTrue(auto.isWord("train.slices", "auto"));
        assertThrows(IllegalArgumentException.class, () -> auto.integer("train.slices"), "a word is not read as a number");
        Settings set = Settings.load(null, List.of("train.slices=7"));
        assertFalse(set.isWord("train.slices", "auto"));
        assertEquals(7, set.integer("train.slices"));
        rejects(() -> Settings.load(null, List.of("train.slices=many")), "'train.slices'", "'many'",
                "an integer in [1, 1000000] or auto");
        rejects(() -> Settings.load(null, List.of("train.slices=0")), "'train.slices'", "or auto");
        assertThrows(IllegalArgumentException.class, () -> set.isWord("hidden", "auto"), "hidden accepts no word");
    }

    @Test
    void everyKeyIsDeclaredOnceWithTypeDocAndValidDefault() throws IOException {
        Map<String, String> declared = declared();
        List<Setting> all = Settings.declarations();
        assertEquals(List.copyOf(declared.keySet()), all.stream().map(Setting::key).toList(), "in the order of the file");
        for (Setting d : all) {
            assertFalse(d.doc().isBlank(), d.key() + " has no documentation");
            assertEquals(declared.get(d.key()), d.defaultValue(), d.key());
            assertNull(d.check(d.defaultValue()), d.key() + "'s default fits its type");
            if (d.kind() == Setting.Kind.INT || d.kind() == Setting.Kind.NUMBER) assertTrue(d.min() <= d.max(), d.key());
            if (d.kind() == Setting.Kind.CHOICE) assertTrue(d.choices().size() >= 2, d.key());
        }
        assertEquals(Setting.Kind.INT, Settings.declaration("hidden").kind());
        assertEquals(16384, Settings.declaration("hidden").max(), 0);
        assertEquals(List.of("fail", "skip"), Settings.declaration("input.bad").choices());
        assertTrue(Settings.declaration("hidden").doc().contains("hidden units"), Settings.declaration("hidden").doc());
        assertTrue(Settings.declaration("beta2").doc().contains("Adam"), "keys under one comment share it");
    }

    @Test
    void backslashesThatWouldChangeAValueAreRefusedNamingFileAndLine() throws IOException {
        // C:\data\x would load as "C:datax"; \\u without four hex digits does not load at all
        rejects(() -> Settings.load(job("win.conf", "# paths\ninput = C:\\data\\x.txt\n"), null), "win.conf, line 2",
                "'\\d'", "C:/users");
        rejects(() -> Settings.load(job("u.conf", "input = C:\\users\\sent.txt\n"), null), "u.conf, line 1", "'\\u'");
        assertEquals("C:\\data\\x.txt", Settings.load(job("ok.conf", "input = C:\\\\data\\\\x.txt\n"), null).string("input"),
                "a doubled backslash is one backslash");
        assertEquals("A:b", Settings.load(job("esc.conf", "input = \\u0041\\:b\n"), null).string("input"));
        assertEquals("a#b", Settings.load(job("c.conf", "# \\x in a comment is nothing\ninput = a#b\n"), null).string("input"));
    }

    @Test
    void savedSettingsReadBackTypedOverDefaults() {
        Settings s = Settings.saved(Map.of("source.reverse", "true", "hidden", "12", "a.key.since.removed", "x"), "model");
        assertTrue(s.bool("source.reverse"));
        assertEquals(12, s.integer("hidden"));
        assertEquals("model", s.origin("hidden"));
        assertEquals("defaults.conf", s.origin("lr"), "a setting the model does not have keeps today's default");
        assertFalse(s.asMap().containsKey("a.key.since.removed"));
    }
}
