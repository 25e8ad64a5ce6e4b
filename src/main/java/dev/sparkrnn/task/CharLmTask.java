package dev.sparkrnn.task;

import dev.sparkrnn.config.Settings;
import dev.sparkrnn.data.CharVocabulary;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.ingest.TextCorpus;
import dev.sparkrnn.infer.Generator;
import dev.sparkrnn.ingest.BadInputException;
import dev.sparkrnn.ingest.BadInputPolicy;
import dev.sparkrnn.ingest.SourceLine;
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

    /**
     * A corpus of lines read elsewhere (a DataFrame's rows, {@code name} in messages) in blocks of
     * {@code text.block.lines} under {@code input.bad}: fail names the first bad line, skip counts.
     */
    public static TextCorpus corpus(JavaRDD<SourceLine> lines, String name, Settings s) {
        try {
            return TextCorpus.fromLines(lines, name, s.integer("text.block.lines"), TaskInput.policy(s));
        } catch (BadInputException e) {
            throw new InputDataException(e.getMessage(), e);
        }
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

    /** The prime (as the model reads it: {@link #primeCodes}) followed by generated characters, and a line break. */
    @Override
    public String generate(SavedModel model, Settings s) {
        CharVocabulary vocab = model.charVocabulary();
        int[] primeCodes = primeCodes(vocab, s.string("generate.prime"));
        Generator generator = new Generator(s.number("generate.temperature"), TaskInput.topK(s, vocab.size()));
        return vocab.decode(primeCodes, 0, primeCodes.length) + continuation(model.network(), model.params(), vocab,
                primeCodes, generator, s.integer("generate.length"), s.longValue("generate.seed")) + "\n";
    }

    /**
     * A prime as the model's characters: those it does not know are dropped; none left (an empty prime) is a line
     * break, the start of a line (character 0 for a model without one).
     */
    public static int[] primeCodes(CharVocabulary vocab, String prime) {
        int[] codes = prime.codePoints().map(vocab::index).filter(i -> i >= 0).toArray();
        if (codes.length > 0) return codes;
        int nl = vocab.index('\n');
        return new int[] {nl >= 0 ? nl : 0};
    }

    /** The {@code length} characters a language model samples after {@code primeCodes} (without them), seeded. */
    public static String continuation(Network network, double[] theta, CharVocabulary vocab, int[] primeCodes,
                                      Generator generator, int length, long seed) {
        return continuations(network, theta, vocab, List.of(primeCodes), generator, length, new long[] {seed}).get(0);
    }

    /** {@link #continuation} of each prime with its seed, sampled together (each the same as alone). */
    public static List<String> continuations(Network network, double[] theta, CharVocabulary vocab, List<int[]> primeCodes,
                                             Generator generator, int length, long[] seeds) {
        List<String> out = new java.util.ArrayList<>(primeCodes.size());
        for (int[] sample : generator.continuations(network, theta, primeCodes, length, seeds)) {
            out.add(vocab.decode(sample, 0, sample.length));
        }
        return out;
    }
}
