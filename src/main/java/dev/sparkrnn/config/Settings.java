package dev.sparkrnn.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The one validated configuration of a job: {@code conf/defaults.conf} (every key, its default and its
 * documentation, packaged in the jar) overlaid by a job file ({@code jobs/*.conf}) and then by
 * {@code --set key=value} overrides. Files use the Java properties syntax ({@code key = value},
 * {@code #} comments). A key that defaults.conf does not declare is rejected, and typed getters reject
 * invalid values; every message names the key and where its value came from.
 */
public final class Settings {
    static final String DEFAULTS = "/dev/sparkrnn/config/defaults.conf";

    private final Map<String, String> values;
    private final Map<String, String> origin;

    private Settings(Map<String, String> values, Map<String, String> origin) {
        this.values = values;
        this.origin = origin;
    }

    /** Defaults only. */
    public static Settings defaults() {
        Map<String, String> v = new TreeMap<>();
        Map<String, String> o = new TreeMap<>();
        try (InputStream in = Settings.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) throw new IllegalStateException("defaults.conf is missing from the class path");
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            for (String k : p.stringPropertyNames()) {
                v.put(k, p.getProperty(k).trim());
                o.put(k, "defaults.conf");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read defaults.conf", e);
        }
        return new Settings(v, o);
    }

    /** Defaults, then the job file (may be null), then overrides of the form key=value. */
    public static Settings load(Path jobFile, Iterable<String> overrides) {
        Settings s = defaults();
        if (jobFile != null) {
            try (Reader r = Files.newBufferedReader(jobFile, StandardCharsets.UTF_8)) {
                s = s.overlay(r, jobFile.toString());
            } catch (IOException e) {
                throw new ConfigException("cannot read configuration file " + jobFile + ": " + e.getMessage());
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

    Settings overlay(Reader r, String source) throws IOException {
        Properties p = new Properties();
        p.load(r);
        Settings s = this;
        for (String k : new TreeMap<>(Map.copyOf(toMap(p))).keySet()) {
            s = s.with(k, p.getProperty(k).trim(), source);
        }
        return s;
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) m.put(k, p.getProperty(k));
        return m;
    }

    /** A copy with key set to value; the key must be declared in defaults.conf. */
    public Settings with(String key, String value, String source) {
        if (!values.containsKey(key)) {
            throw new ConfigException("unknown setting '" + key + "' (from " + source + "); "
                    + suggestion(key) + "every setting is listed in conf/defaults.conf");
        }
        Map<String, String> v = new TreeMap<>(values);
        Map<String, String> o = new TreeMap<>(origin);
        v.put(key, value);
        o.put(key, source);
        return new Settings(v, o);
    }

    private String suggestion(String key) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : values.keySet()) {
            int d = distance(k, key);
            if (d < bestD) { bestD = d; best = k; }
        }
        return best != null && bestD <= 3 ? "did you mean '" + best + "'? " : "";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }

    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
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
        if (v == null) throw new ConfigException("setting '" + key + "' is required (set it in the job file or with --set "
                + key + "=...)");
        return v;
    }

    public int integer(String key, int min, int max) {
        long v = longValue(key);
        if (v < min || v > max) throw invalid(key, "an integer in [" + min + ", " + max + "]");
        return (int) v;
    }

    public long longValue(String key) {
        try {
            return Long.parseLong(string(key));
        } catch (NumberFormatException e) {
            throw invalid(key, "an integer");
        }
    }

    public double number(String key, double min, double max) {
        double v;
        try {
            v = Double.parseDouble(string(key));
        } catch (NumberFormatException e) {
            throw invalid(key, "a number");
        }
        if (!(v >= min && v <= max)) throw invalid(key, "a number in [" + min + ", " + max + "]");
        return v;
    }

    public boolean bool(String key) {
        String v = string(key).toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("yes")) return true;
        if (v.equals("false") || v.equals("no")) return false;
        throw invalid(key, "true or false");
    }

    public String choice(String key, String... allowed) {
        String v = string(key).toLowerCase(Locale.ROOT);
        for (String a : allowed) if (a.equals(v)) return v;
        throw invalid(key, "one of " + String.join(", ", allowed));
    }

    private ConfigException invalid(String key, String expected) {
        return new ConfigException("setting '" + key + "' = '" + values.get(key) + "' (from " + origin.get(key)
                + ") is not valid: expected " + expected);
    }
}
