package dev.sparkrnn.ingest;

import dev.sparkrnn.data.Vocabulary;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;

/**
 * The labels (classes, or tags) a model is trained for: the declared ones (a job's {@code labels} setting), or,
 * when none are declared, those its training part has. A record with a label outside a declared set is a
 * {@link Defect#UNSEEN_LABEL} problem (fail names its file and line, skip counts it), never a new class. Either
 * way the training labels are counted, and a label seen fewer than {@code minCount} times is flagged: a stray
 * label is more often a typo or a broken line than a class. The dictionary is in value order
 * ({@link Vocabulary#labels}) whether declared or found, so declaring the labels a job has does not change its
 * model.
 *
 * @param declared the expected labels, or none
 * @param minCount labels seen fewer times in training are flagged (0: none)
 */
public record LabelSet(List<String> declared, long minCount) implements Serializable {

    public LabelSet {
        declared = List.copyOf(declared);
        if (minCount < 0) throw new IllegalArgumentException("minCount must be >= 0: " + minCount);
    }

    /** The labels of the training part, none flagged. */
    public static LabelSet found() {
        return new LabelSet(List.of(), 0);
    }

    /** The dictionary for these training labels, with their counts. */
    public Fitted fit(JavaRDD<String> trainingLabels) {
        Map<String, Long> counts = new TreeMap<>(trainingLabels.countByValue());
        if (counts.isEmpty() && declared.isEmpty()) throw new BadInputException("no training records: no labels");
        return new Fitted(Vocabulary.labels(declared.isEmpty() ? counts.keySet() : declared), counts, !declared.isEmpty(),
                minCount);
    }

    /**
     * What the training part says about the labels.
     *
     * @param dictionary the model's labels
     * @param counts     how often each label occurs in the training part (also labels outside a declared set)
     * @param declared   whether the labels were declared
     * @param minCount   the flagging threshold
     */
    public record Fitted(Vocabulary dictionary, Map<String, Long> counts, boolean declared, long minCount) {
        /** The model's labels seen fewer than minCount times in training (a declared label never seen: 0 times). */
        public List<String> rare() {
            List<String> out = new ArrayList<>();
            for (String l : dictionary.entries()) if (counts.getOrDefault(l, 0L) < minCount) out.add(l);
            return out;
        }

        /** Training labels outside the declared set (each record with one is an {@link Defect#UNSEEN_LABEL} problem). */
        public List<String> undeclared() {
            List<String> out = new ArrayList<>();
            for (String l : counts.keySet()) if (!dictionary.contains(l)) out.add(l);
            return out;
        }

        /** The labels and their training counts in words, and what is flagged, one line each. */
        public List<String> describe() {
            List<String> lines = new ArrayList<>();
            StringBuilder b = new StringBuilder(declared ? "labels (declared): " : "labels found in the training part: ");
            for (int i = 0; i < dictionary.size(); i++) {
                String l = dictionary.entry(i);
                b.append(i == 0 ? "" : ", ").append(l).append(" (").append(counts.getOrDefault(l, 0L)).append(')');
            }
            lines.add(b.toString());
            for (String l : rare()) {
                lines.add("label '" + l + "' occurs " + counts.getOrDefault(l, 0L) + " time(s) in the training part, fewer"
                        + " than labels.min.count = " + minCount + (declared ? "" : ": a stray label? declare the"
                        + " expected ones (labels = a,b,...) and other labels become bad records"));
            }
            List<String> stray = undeclared();
            if (!stray.isEmpty()) {
                lines.add("training records with labels outside the declared set (bad records, see input.bad): " + stray);
            }
            return lines;
        }
    }
}
