package dev.sparkrnn.task;

import dev.sparkrnn.config.Settings;
import dev.sparkrnn.data.CharVocabulary;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.ingest.TextCorpus;
import dev.sparkrnn.infer.Generator;
import dev.sparkrnn.ingest.BadInputException;
import dev.sparkrnn.ingest.BadInputPolicy;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import dev.sparkrnn.persist.SavedModel;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Character language model: predict the next character of a text; scored in bits per character and
 * perplexity on held-out blocks of the text; shows a sample generated from {@code generate.prime}.
 */
public final class CharLmTask implements Task {

    @Override
    public String name() {
        return "char-lm";
    }

    @Override
    public boolean reportsBits() {
        return true;
    }

    @Override
    public Prepared prepare(JavaSparkContext sc, Settings s, int partitions) {
        String input = s.required("input");
        int blockLines = s.integer("text.block.lines");
        BadInputPolicy policy = TaskInput.policy(s);
        TextCorpus corpus = read(sc, input, blockLines, policy);
        String validationPath = s.optional("validation");
        return prepare(s, partitions, corpus, validationPath == null ? null : read(sc, validationPath, blockLines, policy));
    }

    /**
     * Prepares a corpus read elsewhere (the rows of a spark.ml estimator's DataFrame) as {@link #prepare} does the
     * text of {@code input}: {@code validationCorpus} null holds out {@code validation.fraction} of its blocks.
     */
    public Prepared prepare(Settings s, int partitions, TextCorpus corpus, TextCorpus validationCorpus) {
        int length = s.integer("sequence.length");
        long seed = s.longValue("seed");
        TaskInput.refuseBidirectional(s, "a character language model predicts the next character from the past only");
        CharVocabulary vocab = corpus.vocabulary();
        double fraction = validationCorpus == null ? s.number("validation.fraction") : 0;
        JavaRDD<EncodedSequence> train = corpus.sequences(length, fraction, seed, false);
        JavaRDD<EncodedSequence> validation = null;
        if (validationCorpus != null) {
            validation = validationCorpus.sequences(length, 0, seed, false, vocab, true);
        } else if (fraction > 0) {
            validation = corpus.sequences(length, fraction, seed, true);
        }
        if (!corpus.skipped().isEmpty()) Console.line("skipped in " + s.required("input") + ": " + corpus.skipped());
        RnnLayout layout = new RnnLayout(vocab.size(), TaskInput.hidden(s), vocab.size(), true);
        return Prepared.dealt(Network.rnn(layout, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP), train, validation,
                partitions, SavedModel.tokensOf(vocab), List.of(), null,
                "vocabulary of " + vocab.size() + " characters, sequences of up to " + length + " characters", List.of());
    }

    /** The text at {@code path} under the bad-input policy: fail names the first bad line (exit 3), skip counts. */
    private static TextCorpus read(JavaSparkContext sc, String path, int blockLines, BadInputPolicy policy) {
        try {
            return TextCorpus.read(sc, path, blockLines, policy);
        } catch (BadInputException e) {
            throw new InputDataException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new InputDataException("cannot read text from " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, Object> score(JavaSparkContext sc, Network network, double[] theta, JavaRDD<EncodedSequence> data,
                                     Settings s) {
        Map<String, Object> m = Task.lossFigures(sc, network, theta, data, s);
        m.put("bits_per_char", (double) m.get("loss") / Math.log(2));
        return m;
    }

    @Override
    public JavaRDD<EncodedSequence> encodeForModel(JavaSparkContext sc, SavedModel model, String input, Settings s) {
        CharVocabulary vocab = model.charVocabulary();
        return read(sc, input, s.integer("text.block.lines"), TaskInput.policy(s))
                .sequences(s.integer("sequence.length"), 0, 0, false, vocab, true);
    }

    @Override
    public void show(SavedModel model, Settings s, PrintStream out) {
        out.println("---- sample (temperature " + s.string("generate.temperature") + ", prime \""
                + s.string("generate.prime").replace("\n", "\\n") + "\") ----");
        out.print(generate(model, s));
        out.println("----");
    }

    /** The prime followed by generated characters, and a line break. */
    @Override
    public String generate(SavedModel model, Settings s) {
        CharVocabulary vocab = model.charVocabulary();
        String prime = s.string("generate.prime");
        int[] primeCodes = prime.codePoints().map(vocab::index).filter(i -> i >= 0).toArray();
        if (primeCodes.length == 0) {
            int nl = vocab.index('\n');
            primeCodes = new int[] {nl >= 0 ? nl : 0};
        }
        int[] sample = new Generator(s.number("generate.temperature"), TaskInput.topK(s, vocab.size()))
                .continuation(model.network(), model.params(), primeCodes, s.integer("generate.length"),
                        s.longValue("generate.seed"));
        return vocab.decode(primeCodes, 0, primeCodes.length) + vocab.decode(sample, 0, sample.length) + "\n";
    }
}
