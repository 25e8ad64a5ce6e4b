package dev.sparkrnn.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.config.Setting;
import dev.sparkrnn.config.Settings;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLWritable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks MLlib's {@code ParamsSuite} and {@code DefaultReadWriteTest} run on its stages, for ours: every
 * Param is found by its public no-argument method of the same name, belongs to the stage, has a doc and a
 * valid default where it has one, {@code explainParams} lists it, {@code copy} keeps the uid and the values,
 * and a saved estimator reads back with its Params. The Params of settings take the setting's doc and
 * default from {@code defaults.conf}.
 */
class StageParamsTest {

    static List<Params> estimators() {
        return List.of(RnnClassifierTest.small(), new RnnTagger().setHidden(12).setLowercase(true), RnnSeq2SeqTest.small(),
                RnnCharLmTest.small(), RnnConditionalLmTest.small());
    }

    static void checkParams(Params stage) {
        Param<?>[] params = stage.params();
        assertTrue(params.length >= 4, stage.uid() + " has " + params.length + " params");
        String explained = stage.explainParams();
        for (Param<?> p : params) {
            assertEquals(stage.uid(), p.parent(), p.name());
            assertFalse(p.doc().isBlank(), p.name() + " has no doc");
            assertTrue(explained.contains(p.name() + ": "), p.name() + " is not in explainParams");
            try {
                Method m = stage.getClass().getMethod(p.name());
                assertEquals(p, m.invoke(stage), p.name());
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(p.name() + ": no public method of that name", e);
            }
            if (stage.hasDefault(p)) {
                @SuppressWarnings("unchecked") Param<Object> o = (Param<Object>) p;
                assertTrue((Boolean) o.isValid().apply(stage.getDefault(o).get()), p.name() + ": invalid default");
            }
        }
    }

    @Test
    void estimatorParamsAreDeclaredTheSparkMlWay() {
        for (Params e : estimators()) {
            checkParams(e);
            Params copy = e.copy(ParamMap.empty());
            assertEquals(e.uid(), copy.uid());
            for (Param<?> p : e.params()) {
                assertEquals(e.get(p), copy.get(p), p.name());
                assertEquals(e.getDefault(p), copy.getDefault(p), p.name());
            }
            Param<Object> hidden = e.getParam("hidden");
            Params other = e.copy(new ParamMap().put(hidden, 3));
            assertEquals(3, other.getOrDefault(hidden));
            assertNotEquals(3, e.getOrDefault(hidden));
        }
    }

    /**
     * PipelineModel.load and Pipeline.load find a stage's reader by reflection: every stage class has a public
     * (String uid) constructor where the loader needs one, and public static read() and load(String).
     */
    @Test
    void everyStageIsReadableTheWayPipelinesReadStages() throws ReflectiveOperationException {
        List<Class<?>> stages = List.of(RnnClassifier.class, RnnTagger.class, RnnSeq2Seq.class, RnnCharLm.class,
                RnnConditionalLm.class, RnnClassificationModel.class, RnnTaggingModel.class, RnnSeq2SeqModel.class,
                RnnCharLmModel.class, RnnConditionalLmModel.class);
        for (Class<?> c : stages) {
            Method read = c.getMethod("read");
            assertTrue(java.lang.reflect.Modifier.isStatic(read.getModifiers()), c + ".read is not static");
            assertTrue(org.apache.spark.ml.util.MLReader.class.isAssignableFrom(read.getReturnType()), c + ".read");
            Method load = c.getMethod("load", String.class);
            assertTrue(java.lang.reflect.Modifier.isStatic(load.getModifiers()), c + ".load is not static");
            assertEquals(c, load.getReturnType(), c + ".load");
            assertTrue(org.apache.spark.ml.util.MLWritable.class.isAssignableFrom(c), c + " is not MLWritable");
            if (org.apache.spark.ml.Estimator.class.isAssignableFrom(c)) {
                assertEquals(c, c.getConstructor(String.class).newInstance("x_1").getClass(), "the loader's constructor");
            }
        }
    }

    /** A stage has the Params its task reads and no other: a Param that changes nothing is not offered. */
    @Test
    void eachEstimatorHasOnlyTheParamsItsTaskReads() {
        assertHas(new RnnClassifier(), List.of("labels", "bidirectional", "wordDropout", "probabilityCol"), List.of("lowercase"));
        assertHas(new RnnTagger(), List.of("labels", "bidirectional", "wordDropout", "lowercase", "probabilityCol"), List.of());
        assertHas(new RnnSeq2Seq(), List.of("lowercase", "beam", "sourceUnit", "probabilityCol"),
                List.of("labels", "labelsMinCount", "bidirectional", "wordDropout"));
        assertHas(new RnnConditionalLm(), List.of("labels", "prime", "temperature"),
                List.of("bidirectional", "wordDropout", "lowercase", "probabilityCol"));
        assertHas(new RnnCharLm(), List.of("sequenceLength", "temperature"),
                List.of("labelCol", "labels", "minCount", "bidirectional", "probabilityCol"));
    }

    static void assertHas(Params stage, List<String> has, List<String> hasNot) {
        for (String p : has) assertTrue(stage.hasParam(p), stage.uid() + " lacks " + p);
        for (String p : hasNot) assertFalse(stage.hasParam(p), stage.uid() + " offers " + p + ", which its task does not read");
    }

    @Test
    void settingParamsTakeTheirDocAndDefaultFromDefaultsConf() {
        RnnClassifier c = new RnnClassifier();
        List<String> keys = new ArrayList<>();
        for (Param<?> p : c.params()) {
            String doc = p.doc();
            int at = doc.lastIndexOf("(job file: ");
            if (at < 0) continue;
            String key = doc.substring(at + 11, doc.length() - 1);
            keys.add(key);
            Setting s = Settings.declaration(key);
            assertTrue(doc.startsWith(String.join(" ", s.doc().strip().split("\\s*\\n\\s*"))), key);
            if (s.defaultValue().isEmpty()) {
                assertFalse(c.hasDefault(p), key);
            } else {
                assertEquals(number(s.defaultValue()), number(String.valueOf(c.getDefault(p).get())), 0.0, key);
            }
        }
        for (String key : List.of("hidden", "model.bidirectional", "train.epochs", "train.slices", "train.batch",
                "optimizer", "lr", "seed", "checkpoint.dir", "validation.fraction", "max.length", "precision", "input.bad")) {
            assertTrue(keys.contains(key), key + " has no Param");
        }
    }

    /** A value as a number, or its hash for a word (so that values compare whatever their Java type). */
    private static double number(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return v.toLowerCase().hashCode();
        }
    }

    @Test
    void estimatorsSaveAndLoadWithTheirParams(@TempDir Path tmp) throws IOException {
        RnnClassifierTest.spark(); // writers and readers use the active session
        for (Params e : estimators()) {
            Path dir = tmp.resolve(e.uid());
            ((MLWritable) e).write().save(dir.toString());
            Params read = e instanceof RnnClassifier ? RnnClassifier.load(dir.toString())
                    : e instanceof RnnTagger ? RnnTagger.load(dir.toString())
                    : e instanceof RnnCharLm ? RnnCharLm.load(dir.toString())
                    : e instanceof RnnConditionalLm ? RnnConditionalLm.load(dir.toString()) : RnnSeq2Seq.load(dir.toString());
            assertEquals(e.getClass(), read.getClass());
            assertEquals(e.uid(), read.uid());
            for (Param<?> p : e.params()) {
                assertEquals(e.get(p), read.get(read.getParam(p.name())), p.name());
                assertEquals(e.getDefault(p), read.getDefault(read.getParam(p.name())), p.name());
            }
        }
    }
}
