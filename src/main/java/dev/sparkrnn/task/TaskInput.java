package dev.sparkrnn.task;

import dev.sparkrnn.config.ConfigException;
import dev.sparkrnn.config.Settings;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.ingest.BadInputException;
import dev.sparkrnn.ingest.BadInputPolicy;
import dev.sparkrnn.ingest.InputTally;
import dev.sparkrnn.ingest.Checked;
import dev.sparkrnn.ingest.HoldOut;
import dev.sparkrnn.ingest.LabelSet;
import dev.sparkrnn.ingest.LengthLimit;
import dev.sparkrnn.ingest.Located;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.api.java.JavaRDD;

/**
 * The input settings the record-reading tasks share, parsed once: where the data is, the validation data or
 * the share held out, the seed of the split, the bad-input policy, the length limit and the vocabulary limits.
 *
 * @param validation a separate validation path, or null (then {@code fraction} of the input is held out)
 */
record TaskInput(String input, String validation, double fraction, long seed, BadInputPolicy policy,
                 LengthLimit limit, long minCount, int maxVocabulary, int hidden, LabelSet labels) {

    static TaskInput of(Settings s) {
        String validation = s.optional("validation");
        return new TaskInput(s.required("input"), validation,
                validation == null ? s.number("validation.fraction") : 0, s.longValue("seed"),
                policy(s), limit(s), s.longValue("vocab.min.count"),
                s.integer("vocab.max.size"), hidden(s), labels(s));
    }

    /** The declared labels ({@code labels}, comma-separated; none: those of the training part) and labels.min.count. */
    static LabelSet labels(Settings s) {
        List<String> declared = new ArrayList<>();
        String v = s.optional("labels");
        if (v != null) {
            for (String l : v.split(",")) {
                String t = l.strip();
                if (t.isEmpty()) continue;
                if (declared.contains(t)) {
                    throw new ConfigException("setting 'labels' = '" + v + "' (from " + s.origin("labels") + ") lists '" + t
                            + "' twice");
                }
                declared.add(t);
            }
        }
        return new LabelSet(declared, s.longValue("labels.min.count"));
    }

    /** What happens to a malformed record (input.bad). */
    static BadInputPolicy policy(Settings s) {
        return BadInputPolicy.parse(s.choice("input.bad"));
    }

    /** generate.topk, at most the model's number of tokens. */
    static int topK(Settings s, int tokens) {
        int k = s.integer("generate.topk");
        if (k > tokens) {
            throw new ConfigException("setting 'generate.topk' = " + k + " (from " + s.origin("generate.topk")
                    + ") is more than the model's " + tokens + " tokens");
        }
        return k;
    }

    /** H, hidden units per direction. */
    static int hidden(Settings s) {
        return s.integer("hidden");
    }

    /** The longest sequence and what happens to longer ones (max.length, max.length.overflow). */
    static LengthLimit limit(Settings s) {
        int max = s.integer("max.length");
        return max == 0 ? LengthLimit.none()
                : new LengthLimit(max, LengthLimit.Overflow.parse(s.choice("max.length.overflow")));
    }

    /** Refuses model.bidirectional for a task whose network reads in one direction only. */
    static void refuseBidirectional(Settings s, String why) {
        if (s.bool("model.bidirectional")) {
            throw new ConfigException("model.bidirectional: " + why + "; a bidirectional model applies to classify, tag and series");
        }
    }

    /** The training part and the validation part (null when there is none) of the input. */
    record Split<T>(Checked<T> train, Checked<T> validation) { }

    /** Reads the input and splits it by each record's id (its file and line), or reads the validation data. */
    <T extends Located> Split<T> split(Function<String, Checked<T>> read) {
        return split(read, null);
    }

    /** As {@link #split(Function)}, all records of a group (when {@code group} is given) on the same side. */
    <T extends Located> Split<T> split(Function<String, Checked<T>> read,
                                       org.apache.spark.api.java.function.Function<T, String> group) {
        return split(read.apply(input), validation == null ? null : read.apply(validation), group);
    }

    /** The records {@code all} split as {@link #split(Function)} splits the input's, or with the given validation records. */
    <T extends Located> Split<T> split(Checked<T> all, Checked<T> validationRecords,
                                       org.apache.spark.api.java.function.Function<T, String> group) {
        if (validationRecords != null) return new Split<>(all, validationRecords);
        if (fraction == 0) return new Split<>(all, null);
        return new Split<>(part(all, group, false), part(all, group, true));
    }

    private <T extends Located> Checked<T> part(Checked<T> all, org.apache.spark.api.java.function.Function<T, String> group,
                                                boolean validationPart) {
        return group == null ? HoldOut.part(all, fraction, seed, validationPart)
                : HoldOut.partByGroup(all, group, fraction, seed, validationPart);
    }

    /**
     * The encoded training and validation records (validation null when there is none) and where every input
     * record went ({@link #tally}). Under the fail policy the first bad record throws its
     * {@link BadInputException} before anything is counted.
     */
    record Encoded(JavaRDD<EncodedSequence> train, JavaRDD<EncodedSequence> validation, Map<String, Object> figures) { }

    /** Encodes both parts of a split with {@code encoder}. */
    static <T> Encoded encode(Split<T> split, Function<Checked<T>, Checked<EncodedSequence>> encoder) {
        Checked<EncodedSequence> train = encoder.apply(split.train());
        Checked<EncodedSequence> validation = split.validation() == null ? null : encoder.apply(split.validation());
        JavaRDD<EncodedSequence> trainRecords = train.records();
        JavaRDD<EncodedSequence> validationRecords = validation == null ? null : validation.records();
        return new Encoded(trainRecords, validationRecords, tally(train, validation));
    }

    /**
     * Prints what the training part says about the labels (each with its count, the flagged ones) and returns
     * it as figures for the model's metadata: {@code labels_found} (label:count, ...) and {@code labels_rare}.
     */
    static Map<String, Object> labelFigures(LabelSet.Fitted labels) {
        for (String line : labels.describe()) Console.line(line);
        StringBuilder found = new StringBuilder();
        for (Map.Entry<String, Long> e : labels.counts().entrySet()) {
            found.append(found.length() == 0 ? "" : ",").append(e.getKey()).append(':').append(e.getValue());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labels_found", found.toString());
        m.put("labels_rare", String.join(",", labels.rare()));
        return m;
    }

    /**
     * Where every input record went (training, validation, skipped by reason with the first messages), printed
     * and returned as figures for the model's metadata. Call it after the records were checked, so that under
     * the fail policy the first bad record's error comes first.
     */
    private static Map<String, Object> tally(Checked<EncodedSequence> train, Checked<EncodedSequence> validation) {
        InputTally t = InputTally.of(train, validation, 5);
        for (String line : ("input: " + t).split("\n")) Console.line(line);
        return t.figures();
    }
}
