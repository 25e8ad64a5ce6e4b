package dev.sparkrnn.config;

import dev.sparkrnn.data.EditDistance;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The one validated configuration of a job: {@code conf/defaults.conf} (every key with its type, range,
 * default and documentation, packaged in the jar; see {@link Setting}) overlaid by a job file
 * ({@code jobs/*.conf}) and then by {@code --set key=value} overrides. Files use the Java properties syntax
 * ({@code key = value}, {@code #} comments). A key that defaults.conf does not declare is rejected, and so is
 * a value that does not fit its key's declared type, as soon as it is set: a job with a bad setting stops
 * before Spark starts. Every message names the key and where its value came from.
 */
public final class Settings {
    static final String DEFAULTS = "/dev/sparkrnn/config/defaults.conf";
    private static final Map<String, Setting> DECLARED = declared(DEFAULTS);

    private final Map<String, String> values;
    private final Map<String, String> origin;

    private Settings(Map<String, String> values, Map<String, String> origin) {
        this.values = values;
        this.origin = origin;
    }

    /** Every declared setting, in the order of defaults.conf. */
    public static List<Setting> declarations() {
        return List.copyOf(DECLARED.values());
    }

    /** The declaration of a key. @throws ConfigException for a key defaults.conf does not declare */
    public static Setting declaration(String key) {
        Setting s = DECLARED.get(key);
        if (s == null) throw new ConfigException("unknown setting '" + key + "'");
        return s;
    }

    /** Defaults only. */
    public static Settings defaults() {
        Map<String, String> v = new TreeMap<>();
        Map<String, String> o = new TreeMap<>();
        for (Setting s : DECLARED.values()) {
            v.put(s.key(), s.defaultValue());
            o.put(s.key(), "defaults.conf");
        }
        return new Settings(v, o);
    }

    /** Defaults, then the job file (may be null), then overrides of the form key=value. */
    public static Settings load(Path jobFile, Iterable<String> overrides) {
        if (jobFile == null) return load(null, null, overrides);
        try (Reader r = Files.newBufferedReader(jobFile, StandardCharsets.UTF_8)) {
            return load(r, jobFile.toString(), overrides);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + jobFile + ": " + e.getMessage());
        }
    }

    /**
     * The same from a job file already opened (e.g. on a cluster's file system), named {@code name} in messages;
     * {@code jobFile} may be null for none.
     */
    public static Settings load(Reader jobFile, String name, Iterable<String> overrides) {
        Settings s = defaults();
        if (jobFile != null) {
            try {
                s = s.overlay(jobFile, name);
            } catch (IOException e) {
                throw new ConfigException("cannot read configuration file " + name + ": " + e.getMessage());
            }
        }
        if (overrides != null) {
            for (String kv : overrides) {
                int eq = kv.indexOf('=');
                if (eq <= 0) throw new ConfigException("--set expects key=value, got '" + kv + "'");
                s = s.with(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim(), "--set");
            }
        }
        return s;
    }

    /**
     * The settings a model was trained with (its saved configuration over today's defaults); keys that are no
     * longer declared are left out.
     */
    public static Settings saved(Map<String, String> configuration, String source) {
        Settings s = defaults();
        for (Map.Entry<String, String> e : new TreeMap<>(configuration).entrySet()) {
            if (DECLARED.containsKey(e.getKey())) s = s.with(e.getKey(), e.getValue(), source);
        }
        return s;
    }

    Settings overlay(Reader r, String source) throws IOException {
        String text = new BufferedReader(r).lines().collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        checkEscapes(text, source);
        Properties p = new Properties();
        p.load(new StringReader(text));
        Settings s = this;
        for (String k : new TreeMap<>(toMap(p)).keySet()) {
            s = s.with(k, p.getProperty(k).trim(), source);
        }
        return s;
    }

    /**
     * A backslash in a properties file starts an escape: {@code C:\\data\\x} would silently read as
     * {@code C:datax} and {@code \\u} not followed by four hex digits does not load at all. Refuses both,
     * naming the file and line, and says how to write the value.
     */
    private static void checkEscapes(String text, String source) {
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String l = lines[n].strip();
            if (l.startsWith("#") || l.startsWith("!")) continue;
            for (int i = 0; i < l.length(); i++) {
                if (l.charAt(i) != '\\') continue;
                if (i + 1 == l.length()) break;   // a line continuation
                char c = l.charAt(i + 1);
                boolean unicode = c == 'u' && i + 6 <= l.length() && l.substring(i + 2, i + 6).matches("[0-9a-fA-F]{4}");
                if (!(unicode || "tnrf\\=: #!".indexOf(c) >= 0)) {
                    throw new ConfigException(source + ", line " + (n + 1) + ": '\\" + c + "' in '" + l + "': a backslash starts"
                            + " an escape in a settings file; write paths with '/' (C:/users/...) or double each backslash");
                }
                i++;
            }
        }
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) m.put(k, p.getProperty(k));
        return m;
    }

    /** A copy with key set to value; the key must be declared in defaults.conf and the value fit its type. */
    public Settings with(String key, String value, String source) {
        Setting declared = DECLARED.get(key);
        if (declared == null) {
            throw new ConfigException("unknown setting '" + key + "' (from " + source + "); "
                    + suggestion(key) + "every setting is listed in conf/defaults.conf");
        }
        String problem = declared.check(value);
        if (problem != null) {
            throw new ConfigException("setting '" + key + "' = '" + value + "' (from " + source
                    + ") is not valid: expected " + problem);
        }
        Map<String, String> v = new TreeMap<>(values);
        Map<String, String> o = new TreeMap<>(origin);
        v.put(key, value);
        o.put(key, source);
        return new Settings(v, o);
    }

    private static String suggestion(String key) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : DECLARED.keySet()) {
            int d = EditDistance.between(k.codePoints().toArray(), key.codePoints().toArray());
            if (d < bestD) { bestD = d; best = k; }
        }
        return best != null && bestD <= 3 ? "did you mean '" + best + "'? " : "";
    }

    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    /** Where a key's value came from: defaults.conf, a job file, --set or a model. */
    public String origin(String key) {
        string(key);
        return origin.get(key);
    }

    public String string(String key) {
        String v = values.get(key);
        if (v == null) throw new ConfigException("unknown setting '" + key + "'");
        return v;
    }

    /** The value, or null when it is empty. */
    public String optional(String key) {
        String v = string(key);
        return v.isEmpty() ? null : v;
    }

    public String required(String key) {
        String v = optional(key);
        if (v == null) {
            throw new ConfigException("setting '" + key + "' is required but empty (from " + origin.get(key)
                    + "): set it in the job file or with --set " + key + "=...");
        }
        return v;
    }

    /** An int setting, in its declared range (one set to a word it also accepts is read with {@link #isWord}). */
    public int integer(String key) {
        String v = typed(key, Setting.Kind.INT);
        if (declaration(key).choices().contains(v.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("setting '" + key + "' is '" + v + "', not a number: ask isWord first");
        }
        return (int) Long.parseLong(v);
    }

    /** Whether the int setting {@code key} is set to {@code word}, one of the words its declaration accepts. */
    public boolean isWord(String key, String word) {
        if (!declaration(key).choices().contains(word)) {
            throw new IllegalArgumentException("setting '" + key + "' does not accept the word " + word);
        }
        return typed(key, Setting.Kind.INT).toLowerCase(Locale.ROOT).equals(word);
    }

    /** An int or long setting. */
    public long longValue(String key) {
        Setting.Kind k = declaration(key).kind();
        return Long.parseLong(typed(key, k == Setting.Kind.INT ? Setting.Kind.INT : Setting.Kind.LONG));
    }

    /** A number setting, in its declared range. */
    public double number(String key) {
        return Double.parseDouble(typed(key, Setting.Kind.NUMBER));
    }

    public boolean bool(String key) {
        String v = typed(key, Setting.Kind.BOOL).toLowerCase(Locale.ROOT);
        return v.equals("true") || v.equals("yes");
    }

    /** A choice setting, lowercase. */
    public String choice(String key) {
        return typed(key, Setting.Kind.CHOICE).toLowerCase(Locale.ROOT);
    }

    /** A choice setting that must also be one of {@code allowed} (what one task accepts of the declared choices). */
    public String choice(String key, String... allowed) {
        String v = choice(key);
        for (String a : allowed) if (a.equals(v)) return v;
        throw new ConfigException("setting '" + key + "' = '" + values.get(key) + "' (from " + origin.get(key)
                + ") is not valid here: expected one of " + String.join(", ", allowed));
    }

    private String typed(String key, Setting.Kind kind) {
        Setting s = declaration(key);
        if (s.kind() != kind) {
            throw new IllegalArgumentException("setting '" + key + "' is declared " + s.kind() + ", read as " + kind);
        }
        return string(key);
    }

    /** The declarations of a defaults file: the "#: TYPE" line above each key, the "#" lines above it its doc. */
    static Map<String, Setting> declared(String resource) {
        try (InputStream in = Settings.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is missing from the class path");
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Properties values = new Properties();
            values.load(new StringReader(text));
            Map<String, Setting> out = new LinkedHashMap<>();
            List<String> doc = new ArrayList<>();
            String type = null;
            boolean afterKey = false;   // the next comment line starts another key's documentation
            BufferedReader lines = new BufferedReader(new StringReader(text));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String l = line.strip();
                if (l.startsWith("#:")) {
                    type = l.substring(2).strip();
                } else if (l.startsWith("# ---") || l.isEmpty()) {
                    doc.clear();
                    afterKey = false;
                } else if (l.startsWith("#")) {
                    if (afterKey) doc.clear();
                    afterKey = false;
                    doc.add(l.substring(1).strip());
                } else {
                    afterKey = true;
                    int eq = l.indexOf('=');
                    String key = (eq < 0 ? l : l.substring(0, eq)).strip();
                    if (type == null) throw new IllegalStateException(resource + ": '" + key + "' has no '#: TYPE' line");
                    out.put(key, Setting.declare(key, type, values.getProperty(key, "").strip(), String.join("\n", doc)));
                    type = null;
                }
            }
            if (!out.keySet().equals(values.stringPropertyNames())) {
                throw new IllegalStateException(resource + ": declared " + out.keySet() + " but holds " + values.stringPropertyNames());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
