package dev.sparkrnn.train;

import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Vocabulary;
import dev.sparkrnn.kernel.Argmax;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.RnnKernel;
import dev.sparkrnn.kernel.SequenceBatch;
import dev.sparkrnn.kernel.TargetMode;
import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The confusion matrix of a classifier or tagger (softmax head) on encoded data, computed where the data
 * is: each partition predicts argmax y^ for every target with the kernel's forward pass and counts
 * (true class, predicted class); the counts are summed with treeAggregate. Gives accuracy and macro-F1, and for
 * a tagger over one-hot words the accuracy on the targets whose word the vocabulary does not hold ({@code <unk>}:
 * a word not seen in the training part, or seen fewer than {@code vocab.min.count} times), where a model that
 * knows only word indices is weakest.
 */
public final class Confusion implements Serializable {
    private static final long serialVersionUID = 1L;

    /** counts[truth * K + predicted] */
    public final long[] counts;
    public final int classes;
    /** Targets at a step whose input is the unknown word, and those predicted right. */
    public long unknownTargets, unknownRight;

    Confusion(int classes) {
        this.classes = classes;
        this.counts = new long[classes * classes];
    }

    Confusion merge(Confusion o) {
        for (int i = 0; i < counts.length; i++) counts[i] += o.counts[i];
        unknownTargets += o.unknownTargets;
        unknownRight += o.unknownRight;
        return this;
    }

    public static Confusion of(JavaSparkContext sc, Network network, double[] theta, JavaRDD<EncodedSequence> data,
                               int batchSize, int window) {
        int k = network.layout().outputSize;
        Broadcast<double[]> bc = sc.broadcast(theta.clone());
        try {
            return data.mapPartitions((Iterator<EncodedSequence> it) -> Collections.singletonList(
                            count(network, bc.value(), it, batchSize, window)).iterator())
                    .treeAggregate(new Confusion(k), Confusion::merge, Confusion::merge, 2);
        } finally {
            bc.destroy();
        }
    }

    static Confusion count(Network network, double[] theta, Iterator<EncodedSequence> records, int batchSize, int window) {
        int k = network.layout().outputSize;
        Confusion c = new Confusion(k);
        Network.Scratch local = LocalKernel.of(network, batchSize, window);
        SequenceBatch batch = local.batch();
        // a target per step of one-hot words: its slot is the packed column of its word
        boolean words = network.mode() == TargetMode.EVERY_STEP && network.layout().oneHotInput;
        RnnKernel.OutputSink sink = (first, n, outputs) -> {
            for (int j = 0; j < n; j++) {
                int slot = first + j;
                if (!batch.hasTargetAt(slot)) continue;
                int truth = batch.classTargetAt(slot), predicted = Argmax.of(outputs, j * k, k);
                c.counts[truth * k + predicted]++;
                if (words && batch.tokenAt(slot) == Vocabulary.UNKNOWN_INDEX) {
                    c.unknownTargets++;
                    if (truth == predicted) c.unknownRight++;
                }
            }
        };
        while (records.hasNext()) {
            records.next().addTo(local);
            if (local.size() == batchSize || !records.hasNext()) {
                local.forward(theta, sink);
                local.clear();
            }
        }
        return c;
    }

    public long total() {
        long t = 0;
        for (long v : counts) t += v;
        return t;
    }

    public double accuracy() {
        long right = 0;
        for (int i = 0; i < classes; i++) right += counts[i * classes + i];
        return (double) right / total();
    }

    /** Mean F1 over the classes that occur as truth or prediction. */
    public double macroF1() {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < classes; i++) {
            long tp = counts[i * classes + i], truth = 0, predicted = 0;
            for (int j = 0; j < classes; j++) {
                truth += counts[i * classes + j];
                predicted += counts[j * classes + i];
            }
            if (truth + predicted == 0) continue;
            sum += 2.0 * tp / (truth + predicted);
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Accuracy on the targets at unknown words (NaN when there are none). */
    public double unknownWordAccuracy() {
        return unknownTargets == 0 ? Double.NaN : (double) unknownRight / unknownTargets;
    }

    public Map<String, Object> figures() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy());
        m.put("macro_f1", macroF1());
        m.put("targets", total());
        return m;
    }
}
