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
            case INT -> s.choices().isEmpty() ? new IntSetting(owner, name, doc, ParamValidators.inRange(s.min(), s.max()), key)
                    : new TextSetting(owner, name, doc, new Check(s), key);
            case LONG -> new LongSetting(owner, name, doc, key);
            case NUMBER -> new NumberSetting(owner, name, doc, ParamValidators.inRange(s.min(), s.max()), key);
            case BOOL -> new BoolSetting(owner, name, doc, key);
            case CHOICE, TEXT -> new TextSetting(owner, name, doc, new Check(s), key);
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
     * The settings of a stage: defaults.conf, then {@code extra} (key=value), then every Param of the stage made
     * here ({@link #param}) that was set, under its setting's key.
     */
    static Settings settings(Params stage, List<String> extra) {
        List<String> kv = new ArrayList<>(extra);
        for (Param<?> p : stage.params()) {
            @SuppressWarnings("unchecked") Param<Object> o = (Param<Object>) p;
            if (p instanceof Keyed k && stage.isSet(o)) kv.add(k.key() + "=" + stage.getOrDefault(o));
        }
        return Settings.load((java.nio.file.Path) null, kv);
    }

    /** A Param made from a setting: it knows the setting's key. */
    interface Keyed {
        String key();
    }

    /** An {@code int} setting's Param. */
    private static final class IntSetting extends IntParam implements Keyed {
        private static final long serialVersionUID = 1L;
        private final String key;

        IntSetting(Params owner, String name, String doc, scala.Function1<Object, Object> valid, String key) {
            super(owner.uid(), name, doc, valid);
            this.key = key;
        }

        @Override
        public String key() {
            return key;
        }
    }

    /** A {@code long} setting's Param. */
    private static final class LongSetting extends LongParam implements Keyed {
        private static final long serialVersionUID = 1L;
        private final String key;

        LongSetting(Params owner, String name, String doc, String key) {
            super(owner.uid(), name, doc);
            this.key = key;
        }

        @Override
        public String key() {
            return key;
        }
    }

    /** A {@code number} setting's Param. */
    private static final class NumberSetting extends DoubleParam implements Keyed {
        private static final long serialVersionUID = 1L;
        private final String key;

        NumberSetting(Params owner, String name, String doc, scala.Function1<Object, Object> valid, String key) {
            super(owner.uid(), name, doc, valid);
            this.key = key;
        }

        @Override
        public String key() {
            return key;
        }
    }

    /** A {@code bool} setting's Param. */
    private static final class BoolSetting extends BooleanParam implements Keyed {
        private static final long serialVersionUID = 1L;
        private final String key;

        BoolSetting(Params owner, String name, String doc, String key) {
            super(owner.uid(), name, doc);
            this.key = key;
        }

        @Override
        public String key() {
            return key;
        }
    }

    /** A {@code choice} or {@code text} setting's Param (and an {@code int} one that also takes words). */
    private static final class TextSetting extends Param<String> implements Keyed {
        private static final long serialVersionUID = 1L;
        private final String key;

        TextSetting(Params owner, String name, String doc, Check valid, String key) {
            super(owner.uid(), name, doc, valid, String.class);
            this.key = key;
        }

        @Override
        public String key() {
            return key;
        }
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
