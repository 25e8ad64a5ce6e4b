package dev.sparkrnn.task;

import dev.sparkrnn.config.ConfigException;
import dev.sparkrnn.config.Settings;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Vocabulary;
import dev.sparkrnn.data.WordTokenizer;
import dev.sparkrnn.infer.Generator;
import dev.sparkrnn.ingest.BadInputException;
import dev.sparkrnn.ingest.BadInputPolicy;
import dev.sparkrnn.ingest.Checked;
import dev.sparkrnn.ingest.LabelledSentence;
import dev.sparkrnn.ingest.SentenceEncoder;
import dev.sparkrnn.ingest.SentenceReader;
import dev.sparkrnn.kernel.Decoded;
import dev.sparkrnn.kernel.EncoderDecoderLayout;
import dev.sparkrnn.kernel.EncoderDecoderNetwork;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.persist.SavedModel;
import dev.sparkrnn.train.DistributedTrainer;
import dev.sparkrnn.train.TrainerConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * {@code conditional-lm} (one-to-many): labelled sentences (the classify formats); the label is a source of one
 * step, so the encoder's state tanh(U_e x_label + b_e) starts the decoder and, with {@code model.feed.context},
 * is also fed to every step. Scored by the validation perplexity of the sentences under their true label and
 * under the other labels (for two labels: the opposite one), and by the share of sentences that are more
 * likely under their true label than under every other. {@code generate} samples sentences per label.
 */
public final class ConditionalLmTask extends RecordTask<LabelledSentence> {

    @Override
    public String name() {
        return "conditional-lm";
    }

    @Override
    Checked<LabelledSentence> read(SparkSession spark, String path, Settings s, BadInputPolicy policy) {
        return SentenceReader.read(spark, path, ClassifyTask.sentenceSpec(s), policy);
    }

    @Override
    Prepared prepare(Settings s, int partitions, TaskInput in, TaskInput.Split<LabelledSentence> split) {
        boolean feed = s.bool("model.feed.context");
        TaskInput.refuseBidirectional(s, "the conditional-lm task trains an encoder-decoder");
        SentenceEncoder enc = SentenceEncoder.fit(split.train(), in.minCount(), in.maxVocabulary(), in.limit(), in.labels());
        Map<String, Object> figures = TaskInput.labelFigures(enc.labelFit());
        TaskInput.Encoded data = TaskInput.encode(split, enc::encode);
        figures.putAll(data.figures());
        List<String> target = new ArrayList<>(List.of(Vocabulary.UNKNOWN, Vocabulary.START, Vocabulary.END));
        target.addAll(enc.words().entries().subList(1, enc.words().size()));
        EncoderDecoderLayout layout = EncoderDecoderLayout.of(enc.labels().size(), true, in.hidden(), target.size(), feed);
        return Prepared.dealt(Network.encoderDecoder(layout), conditioned(data.train()),
                data.validation() == null ? null : conditioned(data.validation()),
                partitions, target, List.of(), null,
                enc.labels().size() + " labels, target vocabulary of " + target.size() + " words", enc.labels().entries())
                .withInputFigures(figures);
    }

    /**
     * Labelled sentences as pairs: the label is the one-step source, the sentence the target (word index i of
     * the sentence vocabulary is i + 2 in the target vocabulary, after {@code <s>} and {@code </s>}; 0 stays
     * {@code <unk>}).
     */
    private static JavaRDD<EncodedSequence> conditioned(JavaRDD<EncodedSequence> classified) {
        return classified.map(r -> {
            int[] words = new int[r.length];
            for (int t = 0; t < r.length; t++) words[t] = r.tokens[t] == 0 ? 0 : r.tokens[t] + 2;
            return EncodedSequence.pair(r.id, new int[] {r.classes[r.classes.length - 1]}, words,
                    Vocabulary.START_INDEX, Vocabulary.END_INDEX);
        });
    }

    /** Each pair with the same sentence under each other label. */
    private static JavaRDD<Tuple2<EncodedSequence, List<EncodedSequence>>> otherLabels(JavaRDD<EncodedSequence> data,
                                                                                     int labels) {
        return data.map(r -> {
            List<EncodedSequence> out = new ArrayList<>(labels - 1);
            for (int l = 0; l < labels; l++) {
                if (l != r.sourceTokens[0]) {
                    out.add(new EncodedSequence(r.id, r.tokens, null, r.length, r.classes, null, new int[] {l}, null, 1));
                }
            }
            return new Tuple2<>(r, out);
        });
    }

    @Override
    public Map<String, Object> score(JavaSparkContext sc, Network network, double[] theta, JavaRDD<EncodedSequence> data,
                                     Settings s) {
        DistributedTrainer trainer = new DistributedTrainer(sc, network, TrainerConfig.of(s, null));
        Map<String, Object> m = Task.lossFigures(sc, network, theta, data, s);
        int labels = ((EncoderDecoderNetwork) network).encoder().inputSize;
        m.put("perplexity_true_label", m.get("perplexity"));
        if (labels > 1) {
            JavaRDD<Tuple2<EncodedSequence, List<EncodedSequence>>> items = otherLabels(data, labels).cache();
            m.put(labels == 2 ? "perplexity_opposite_label" : "perplexity_other_labels",
                    Math.exp(trainer.evaluate(items.flatMap(i -> i._2().iterator()), theta)));
            long[] preferred = trainer.preferred(items, theta);
            m.put("share_more_likely_under_true_label", (double) preferred[0] / preferred[1]);
            items.unpersist();
        }
        return m;
    }

    @Override
    public JavaRDD<EncodedSequence> encodeForModel(JavaSparkContext sc, SavedModel model, String input, Settings s) {
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        BadInputPolicy policy = TaskInput.policy(s);
        List<String> target = model.metadata().vocabulary();
        List<String> words = new ArrayList<>(List.of(Vocabulary.UNKNOWN));
        words.addAll(target.subList(3, target.size()));
        SentenceEncoder enc = new SentenceEncoder(Vocabulary.fromEntries(words, true),
                Vocabulary.fromEntries(model.metadata().sourceVocabulary(), false), TaskInput.limit(s));
        try {
            return conditioned(enc.encode(read(spark, input, s, policy)).records());
        } catch (BadInputException e) {
            throw new InputDataException(e.getMessage(), e);
        }
    }

    @Override
    public void show(SavedModel model, Settings s, PrintStream out) {
        out.println("---- sampled (temperature " + s.string("generate.temperature") + ") ----");
        out.print(generate(model, s));
        out.println("----");
    }

    /**
     * Sentences sampled for {@code generate.label} (empty: each label in turn): {@code generate.count} sentences
     * of at most {@code generate.length} words, after the words of {@code generate.prime}, at
     * {@code generate.temperature} among the top {@code generate.topk}, seeded.
     */
    @Override
    public String generate(SavedModel model, Settings s) {
        List<String> labels = model.metadata().sourceVocabulary();
        List<String> target = model.metadata().vocabulary();
        Vocabulary words = Vocabulary.fromEntries(target, true);
        String wanted = s.string("generate.label");
        if (!wanted.isEmpty() && !labels.contains(wanted)) {
            throw new ConfigException("generate.label = '" + wanted + "' is not one of the model's labels " + labels);
        }
        int[] prime = primeWords(words, s.string("generate.prime"));
        Generator.Conditional sampler = new Generator(s.number("generate.temperature"),
                TaskInput.topK(s, target.size())).conditional((EncoderDecoderNetwork) model.network(), model.params());
        StringBuilder out = new StringBuilder();
        long seed = s.longValue("generate.seed");
        int count = s.integer("generate.count");
        int length = s.integer("generate.length");
        for (int l = 0; l < labels.size(); l++) {
            if (!wanted.isEmpty() && !labels.get(l).equals(wanted)) continue;
            for (int i = 0; i < count; i++) {
                out.append(labels.get(l)).append('\t').append(sentence(sampler, target, l, prime, length, seed, i)).append('\n');
            }
        }
        return out.toString();
    }

    /** The words of a prime (tokenized as sentences are) as indices of the target vocabulary {@code words}. */
    public static int[] primeWords(Vocabulary words, String prime) {
        return words.encode(WordTokenizer.tokens(prime));
    }

    /**
     * Sentence {@code i} (from 0) that {@link #generate} samples for label index {@code label} with
     * {@code generate.seed = seed}: the prime's words and those sampled after them, at most {@code length},
     * joined by spaces ({@code target}: the model's target vocabulary).
     */
    public static String sentence(Generator.Conditional sampler, List<String> target, int label, int[] prime, int length,
                                  long seed, int i) {
        return sentences(sampler, target, new int[] {label}, prime, length, new long[] {seed}, i).get(0);
    }

    /** {@link #sentence} {@code i} of each label with its seed, sampled together (each as alone). */
    public static List<String> sentences(Generator.Conditional sampler, List<String> target, int[] labels, int[] prime,
                                         int length, long[] seeds, int i) {
        long[] sampling = new long[labels.length];
        for (int j = 0; j < labels.length; j++) sampling[j] = seeds[j] + 1000L * labels[j] + i;
        List<String> out = new ArrayList<>(labels.length);
        for (Decoded r : sampler.sampleAll(labels, prime, length, sampling)) {
            List<String> text = new ArrayList<>(r.tokens().length);
            for (int y : r.tokens()) text.add(target.get(y));
            out.add(String.join(" ", text));
        }
        return out;
    }
}
