package dev.sparkrnn.ml;

import dev.sparkrnn.config.Setting;
import dev.sparkrnn.config.Settings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import scala.runtime.AbstractFunction1;

/**
 * spark.ml Params made from the settings declared in {@code defaults.conf}, so that a setting is declared once:
 * a Param's doc is the setting's documentation (with its key), its validator the setting's type and range and
 * its default the setting's default. An {@code int} setting is an {@link IntParam} (an {@code int} that also
 * accepts words, as {@code train.slices = auto}, a {@code Param<String>}), a {@code number} a
 * {@link DoubleParam}, a {@code long} a {@link LongParam}, a {@code bool} a {@link BooleanParam}, a
 * {@code choice} or {@code text} a {@code Param<String>}.
 */
final class SettingParams {
    private SettingParams() {
    }

    /** A Param of {@code owner} named {@code name} for the setting {@code key}, with the setting's default set. */
    @SuppressWarnings("unchecked")
    static <P extends Param<?>> P param(Params owner, String name, String key) {
        Setting s = Settings.declaration(key);
        String doc = doc(s);
        Param<?> p = switch (s.kind()) {
            case INT -> s.choices().isEmpty() ? new IntParam(owner.uid(), name, doc, ParamValidators.inRange(s.min(), s.max()))
                    : new Param<>(owner.uid(), name, doc, new Check(s), String.class);
            case LONG -> new LongParam(owner.uid(), name, doc);
            case NUMBER -> new DoubleParam(owner.uid(), name, doc, ParamValidators.inRange(s.min(), s.max()));
            case BOOL -> new BooleanParam(owner.uid(), name, doc);
            case CHOICE, TEXT -> new Param<>(owner.uid(), name, doc, new Check(s), String.class);
        };
        Object value = defaultOf(p, s);
        if (value != null) owner.setDefault((Param<Object>) p, value);
        return (P) p;
    }

    /** The setting's default as the Param's value type; null for an empty text (no default: not set). */
    private static Object defaultOf(Param<?> p, Setting s) {
        String v = s.defaultValue();
        if (p instanceof IntParam) return Integer.parseInt(v);
        if (p instanceof LongParam) return Long.parseLong(v);
        if (p instanceof DoubleParam) return Double.parseDouble(v);
        if (p instanceof BooleanParam) return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes");
        return v.isEmpty() ? null : v;
    }

    /** The documentation of a setting on one line, ending with its key in the job file. */
    static String doc(Setting s) {
        String text = String.join(" ", s.doc().strip().split("\\s*\\n\\s*"));
        return (text.isEmpty() ? "" : text + " ") + "(job file: " + s.key() + ")";
    }

    /**
     * The settings of a stage: defaults.conf, then {@code extra} (key=value), then every Param of {@code params}
     * that was set (with its key in {@code keys}: param name -> setting key).
     */
    static Settings settings(Params stage, List<String[]> keys, List<String> extra) {
        List<String> kv = new ArrayList<>(extra);
        for (String[] k : keys) {
            Param<Object> p = stage.getParam(k[0]);
            if (stage.isSet(p)) kv.add(k[1] + "=" + stage.getOrDefault(p));
        }
        return Settings.load((java.nio.file.Path) null, kv);
    }

    /** A setting's check of a text value, as a Param validator. */
    private static final class Check extends AbstractFunction1<String, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String key;

        Check(Setting setting) {
            this.key = setting.key();
        }

        @Override
        public Object apply(String value) {
            return value != null && Settings.declaration(key).check(value) == null;
        }
    }
}
