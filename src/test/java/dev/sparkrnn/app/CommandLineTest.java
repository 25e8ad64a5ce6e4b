package dev.sparkrnn.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkrnn.train.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line end to end, as a scheduler runs it: train writes a model version and prints JSON, a
 * rerun does nothing, generate is reproducible, evaluate scores, and configuration and input errors give
 * their exit codes with messages that name the problem.
 */
class CommandLineTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void ownSession() {
        LocalSpark.stop();   // the commands start and stop their own session
    }

    record Run(int exit, String out, String err) {
        JsonNode lastJson() throws IOException {
            String[] lines = out.strip().split("\n");
            return JSON.readTree(lines[lines.length - 1]);
        }
    }

    static Run run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            return new Run(Main.run(args), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    static String[] args(String sub, Path output, String... sets) {
        List<String> a = new ArrayList<>(List.of(sub, "--conf", "jobs/char-shakespeare.conf",
                "--set", "master=local[2]", "--set", "output=" + output.toUri(), "--set", "hidden=16",
                "--set", "train.epochs=1", "--set", "train.slices=3", "--set", "validate.every=0",
                "--set", "generate.length=40"));
        for (String s : sets) {
            a.add("--set");
            a.add(s);
        }
        return a.toArray(String[]::new);
    }

    @Test
    void trainRerunGenerateEvaluate(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        Run train = run(args("train", out));
        assertEquals(0, train.exit(), train.err());
        JsonNode r = train.lastJson();
        assertEquals("char-lm", r.get("task").asText());
        assertTrue(r.get("complete").asBoolean());
        assertEquals(3, r.get("updates").asLong());
        double bits = r.get("validation_bits_per_char").asDouble();
        assertTrue(bits > 1 && bits < 7, "bits per char " + bits);
        assertTrue(Files.exists(out.resolve("models/v0001/_SUCCESS")));
        assertTrue(train.out().contains("---- sample"), train.out());
        // the main job trains in float32, and its model stores float32 (format 2)
        JsonNode v1 = JSON.readTree(out.resolve("models/v0001/metadata.json").toFile());
        assertEquals(2, v1.get("format").asInt());
        assertEquals("float32", v1.get("parameters").get("dtype").asText());
        assertEquals(4L * v1.get("parameters").get("count").asLong(), Files.size(out.resolve("models/v0001/parameters.bin")));

        Run again = run(args("train", out));
        assertEquals(0, again.exit());
        assertTrue(again.out().contains("already trained"), again.out());
        assertFalse(Files.exists(out.resolve("models/v0002")));

        Run more = run(args("train", out, "train.continue=true"));
        assertEquals(0, more.exit(), more.err());
        assertTrue(Files.exists(out.resolve("models/v0002/_SUCCESS")));

        Run g1 = run(args("generate", out, "generate.seed=3"));
        Run g2 = run(args("generate", out, "generate.seed=3"));
        Run g3 = run(args("generate", out, "generate.seed=4"));
        assertEquals(0, g1.exit(), g1.err());
        assertTrue(g1.out().startsWith("ROMEO:"), g1.out());
        assertEquals(g1.out(), g2.out());
        assertNotEquals(g1.out(), g3.out());

        Run eval = run(args("evaluate", out, "input=jobs/data/tinyshakespeare/shakespeare.txt"));
        assertEquals(0, eval.exit(), eval.err());
        JsonNode e = eval.lastJson();
        assertTrue(e.get("model").asText().endsWith("models/v0002"), e.toString());
        assertTrue(e.get("bits_per_char").asDouble() > 1);

        // a flipped byte in the vocabulary, the .crc side file gone (copied with cp dir/*): refused, exit 3
        Path meta = out.resolve("models/v0002/metadata.json");
        Files.deleteIfExists(out.resolve("models/v0002/.metadata.json.crc"));
        String json = Files.readString(meta);
        int at = json.indexOf("\"A\"");
        assertTrue(at > 0);
        Files.writeString(meta, json.substring(0, at + 1) + "@" + json.substring(at + 2));
        Run corrupt = run(args("generate", out, "generate.seed=3"));
        assertEquals(3, corrupt.exit(), corrupt.out() + corrupt.err());
        assertTrue(corrupt.err().contains("checksum mismatch") && corrupt.err().contains("metadata.json"), corrupt.err());
    }

    /**
     * train.slices = auto measures its slices once; a run stopped by its time budget resumes with the slices of its
     * checkpoint (not measured again, which would choose others and refuse the checkpoint), and ends with the
     * parameters, bit for bit, of an uninterrupted run given those slices by hand. lr.scaling follows them.
     */
    @Test
    void autoSlicesAreMeasuredOnceAndResumedFromTheCheckpoint(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("auto");
        // a target of 90% outside the kernel makes the small model's updates small: many slices
        String[] auto = {"train.slices=auto", "train.overhead.target=0.9", "train.epochs=2", "lr.scaling=sqrt",
                "lr.reference.batch=16", "checkpoint.every=1000"};
        Run first = run(args("train", out, append(auto, "train.max.seconds=0.000001")));
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("train.slices = auto: an update costs "), first.out());
        assertTrue(first.out().contains("stopped at the time budget after update 1 of "), first.out());
        Run rest = run(args("train", out, auto));
        assertEquals(0, rest.exit(), rest.err());
        assertTrue(rest.out().contains("as the checkpoint being resumed was trained"), rest.out());
        JsonNode r = rest.lastJson();
        int slices = r.get("slices").asInt();
        assertTrue(slices > 1, "slices " + slices);
        assertEquals(2L * slices, r.get("updates").asLong());
        long sequences = Long.parseLong(first.out().replaceAll("(?s).*?(\\d+) training sequences.*", "$1"));
        assertEquals(0.005 * Math.sqrt((double) sequences / slices / 16), r.get("lr").asDouble(), 1e-12,
                "lr.scaling = sqrt from the main job's lr 0.005");

        Path manual = tmp.resolve("manual");
        Run set = run(args("train", manual, "train.slices=" + slices, "train.epochs=2", "lr.scaling=sqrt",
                "lr.reference.batch=16", "checkpoint.every=1000"));
        assertEquals(0, set.exit(), set.err());
        assertFalse(set.out().contains("train.slices = auto"), set.out());
        assertArrayEquals(Files.readAllBytes(manual.resolve("models/v0001/parameters.bin")),
                Files.readAllBytes(out.resolve("models/v0001/parameters.bin")));

        Run lbfgs = run(args("train", tmp.resolve("lbfgs"), "train.slices=auto", "optimizer=lbfgs"));
        assertEquals(2, lbfgs.exit(), lbfgs.out() + lbfgs.err());
        assertTrue(lbfgs.err().contains("train.slices = auto chooses mini-batches"), lbfgs.err());
    }

    static String[] append(String[] a, String... more) {
        String[] all = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, all, a.length, more.length);
        return all;
    }

    @Test
    void classifyAndTagModelsPredictNewText(@TempDir Path tmp) throws IOException {
        Path text = tmp.resolve("new.txt");
        Files.writeString(text, "The food was great and the service friendly\n\nterrible phone , it broke in a day\n");
        for (String job : new String[] {"sentiment", "pos", "pos-bidirectional"}) {
            Path out = tmp.resolve(job);
            Run train = run("train", "--conf", "jobs/" + job + ".conf", "--set", "master=local[2]", "--set",
                    "output=" + out.toUri(), "--set", "hidden=8", "--set", "train.epochs=1", "--set", "train.slices=2",
                    "--set", "early.stopping.patience=0");
            assertEquals(0, train.exit(), train.err());
            Path preds = tmp.resolve(job + "-predictions");
            Run p = run("predict", "--conf", "jobs/" + job + ".conf", "--set", "master=local[2]", "--set",
                    "output=" + out.toUri(), "--set", "input=" + text.toUri(), "--set", "predictions=" + preds.toUri());
            assertEquals(0, p.exit(), p.err());
            assertEquals(3, p.lastJson().get("lines").asLong());
            List<JsonNode> lines = new ArrayList<>();
            try (var files = Files.list(preds)) {
                for (Path f : (Iterable<Path>) files.filter(f -> f.getFileName().toString().startsWith("part-"))::iterator) {
                    for (String l : Files.readAllLines(f)) lines.add(JSON.readTree(l));
                }
            }
            lines.sort((a, b) -> Long.compare(a.get("line").asLong(), b.get("line").asLong()));
            assertEquals(3, lines.size());
            assertTrue(lines.get(1).get("empty").asBoolean());
            Run eval = run("evaluate", "--conf", "jobs/" + job + ".conf", "--set", "master=local[2]", "--set",
                    "output=" + out.toUri());
            assertEquals(0, eval.exit(), eval.err());
            JsonNode e = eval.lastJson();
            double accuracy = e.get(job.startsWith("pos") ? "tag_accuracy" : "accuracy").asDouble();
            assertTrue(accuracy > 0 && accuracy <= 1, e.toString());
            if (job.equals("sentiment")) {
                String label = lines.get(0).get("label").asText();
                assertTrue(label.equals("0") || label.equals("1"), label);
                double prob = lines.get(2).get("probability").asDouble();
                assertTrue(prob >= 0.5 && prob <= 1, "probability " + prob);
            } else {
                if (job.equals("pos-bidirectional")) {
                    JsonNode meta = JSON.readTree(out.resolve("models/v0001/metadata.json").toFile());
                    assertTrue(meta.get("shape").get("bidirectional").asBoolean(), meta.toString());
                }
                assertEquals(8, lines.get(2).get("tokens").size());
                assertEquals(8, lines.get(2).get("tags").size());
            }
        }
    }

    @Test
    void seriesModelTrainsAndEvaluatesWithItsSavedNormalization(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("jv");
        Run train = run("train", "--conf", "jobs/japanese-vowels.conf", "--set", "master=local[2]", "--set",
                "output=" + out.toUri(), "--set", "hidden=8", "--set", "train.epochs=3");
        assertEquals(0, train.exit(), train.err());
        JsonNode t = train.lastJson();
        assertTrue(t.get("validation_accuracy").asDouble() > 1.0 / 9, "better than chance: " + t);
        JsonNode meta = JSON.readTree(out.resolve("models/v0001/metadata.json").toFile());
        assertEquals(12, meta.get("normalization").get("means").size());
        Run eval = run("evaluate", "--conf", "jobs/japanese-vowels.conf", "--set", "master=local[2]", "--set",
                "output=" + out.toUri());
        assertEquals(0, eval.exit(), eval.err());
        assertEquals(270, eval.lastJson().get("targets").asLong());
    }

    @Test
    void configurationErrorsNameTheKeyAndExitWith2(@TempDir Path tmp) {
        Run typo = run(args("train", tmp, "hiden=64"));
        assertEquals(2, typo.exit());
        assertTrue(typo.err().contains("unknown setting 'hiden'") && typo.err().contains("did you mean 'hidden'"), typo.err());
        Run bad = run(args("train", tmp, "lr=fast"));
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("'lr' = 'fast'"), bad.err());
        assertEquals(2, run("frobnicate").exit());
    }

    @Test
    void settingsAreCheckedBeforeAnyWorkAndBadFilesNameTheirLine(@TempDir Path tmp) throws IOException {
        // a value of the wrong type is refused before Spark starts or anything is written (was: after training)
        Path out = tmp.resolve("out");
        for (String bad : List.of("generate.temperature=abc", "hidden=-5", "lr=abc")) {
            Run r = run("train", "--conf", "jobs/char-shakespeare.conf", "--set", "output=" + out.toUri(), "--set", bad);
            assertEquals(2, r.exit(), bad + ": " + r.err());
            String key = bad.substring(0, bad.indexOf('='));
            assertTrue(r.err().contains("'" + key + "'") && r.err().contains("--set"), r.err());
            assertFalse(Files.exists(out), bad + ": nothing may be written before the settings are checked");
        }
        // a Windows path in a job file: an escape error naming the file and line, not a stack trace
        Path job = tmp.resolve("windows.conf");
        Files.writeString(job, "task = classify\n# data\ninput = C:\\users\\data\\sent.txt\n");
        Run w = run("train", "--conf", job.toString());
        assertEquals(2, w.exit(), w.err());
        assertTrue(w.err().contains("windows.conf, line 3") && w.err().contains("C:/users"), w.err());
        // an output that is a file, an input that does not exist: refused before Spark starts
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Run f = run("train", "--conf", "jobs/char-shakespeare.conf", "--set", "output=" + file.toUri());
        assertEquals(2, f.exit(), f.err());
        assertTrue(f.err().contains("'output'") && f.err().contains("is a file"), f.err());
        Run none = run("train", "--conf", "jobs/sentiment.conf", "--set", "output=" + out.toUri(),
                "--set", "input=" + tmp.resolve("no-such-*.txt").toUri());
        assertEquals(3, none.exit(), none.err());
        assertTrue(none.err().contains("no input files match") && none.err().contains("no-such-"), none.err());
        assertFalse(Files.exists(out));
        // a models/v0001 of foreign files: refused before training, naming the directory and the way out, every time
        Path foreign = tmp.resolve("foreign");
        Files.createDirectories(foreign.resolve("models/v0001"));
        Files.writeString(foreign.resolve("models/v0001/notes.txt"), "not a model");
        for (int night = 0; night < 2; night++) {
            Run r = run(args("train", foreign));
            assertEquals(2, r.exit(), r.out() + r.err());
            assertTrue(r.err().contains("models/v0001") && r.err().contains("Move or delete"), r.err());
            assertFalse(Files.exists(foreign.resolve("checkpoints")), "nothing trained");
        }
        // --conf without its value
        Run missing = run("train", "--conf");
        assertEquals(2, missing.exit(), missing.err());
        assertTrue(missing.err().contains("--conf needs a value"), missing.err());
    }

    @Test
    void malformedInputNamesFileAndLineAndExitsWith3(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("sentences.txt");
        Files.writeString(data, "good sentence\t1\nno label here\nanother one\t0\n");
        Run r = run("train", "--conf", "jobs/sentiment.conf", "--set", "master=local[2]",
                "--set", "input=" + data.toUri(), "--set", "output=" + tmp.resolve("out").toUri());
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("sentences.txt") && r.err().contains("line 2"), r.err());
    }

    static Run job(String sub, String job, Path out, String... sets) {
        List<String> a = new ArrayList<>(List.of(sub, "--conf", "jobs/" + job + ".conf", "--set", "master=local[2]",
                "--set", "output=" + out.toUri(), "--set", "hidden=12", "--set", "train.epochs=1", "--set", "train.slices=2",
                "--set", "validate.every=0", "--set", "early.stopping.patience=0"));
        for (String s : sets) {
            a.add("--set");
            a.add(s);
        }
        return run(a.toArray(String[]::new));
    }

    @Test
    void aStrayLabelIsABadRecordAndEveryRecordIsAccountedFor(@TempDir Path tmp) throws IOException {
        // 1,000 good sentences, 100 malformed lines (no label) and one stray label '2' spread through the file
        StringBuilder text = new StringBuilder();
        int line = 0, bad = 0;
        for (int i = 0; i < 1000; i++) {
            text.append(i % 2 == 0 ? "a fine good phone " : "an awful bad phone ").append(i).append('\t').append((i + 1) % 2).append('\n');
            if (++line % 10 == 0 && bad < 100) {
                text.append("no label on this line ").append(bad++).append('\n');
                line++;
            }
        }
        text.append("This is fine\t2\n");
        Path data = Files.writeString(tmp.resolve("sentences.txt"), text.toString());
        String input = "input=" + data.toUri();
        // the job declares labels = 0,1 and fails on the first bad record, naming its file and line
        Run fail = job("train", "sentiment", tmp.resolve("fail"), input);
        assertEquals(3, fail.exit(), fail.out() + fail.err());
        assertTrue(fail.err().contains("sentences.txt line 11"), fail.err());
        // skip: a two-class model, and training + validation + skipped = the 1,101 records read
        Path out = tmp.resolve("skip");
        Run skip = job("train", "sentiment", out, input, "input.bad=skip");
        assertEquals(0, skip.exit(), skip.out() + skip.err());
        JsonNode meta = JSON.readTree(out.resolve("models/v0001/metadata.json").toFile());
        assertEquals(2, meta.get("labels").size(), meta.get("labels").toString());
        JsonNode m = meta.get("metrics");
        assertEquals(1101, m.get("input_records").asLong(), m.toString());
        assertEquals(1101, m.get("input_training_records").asLong() + m.get("input_validation_records").asLong()
                + m.get("input_skipped_records").asLong());
        assertEquals(101, m.get("input_skipped_records").asLong(), "the bad records of both parts");
        assertEquals(100, m.get("input_skipped_malformed").asLong());
        assertEquals(1, m.get("input_skipped_unseen_label").asLong());
        assertTrue(m.get("input_validation_records").asLong() > 100, m.toString());
        assertTrue(skip.out().contains("input: 1101 records read") && skip.out().contains("line 11"), skip.out());
        // labels not declared: the stray label becomes a class, but is flagged on the terminal and in the metadata
        Path found = tmp.resolve("found");
        Run undeclared = job("train", "sentiment", found, input, "input.bad=skip", "labels=");
        assertEquals(0, undeclared.exit(), undeclared.err());
        assertTrue(undeclared.out().contains("labels found in the training part: 0 (") && undeclared.out().contains("stray label"),
                undeclared.out());
        JsonNode fm = JSON.readTree(found.resolve("models/v0001/metadata.json").toFile());
        assertEquals("2", fm.get("metrics").get("labels_rare").asText());
    }

    @Test
    void anOverlappingRunOfTheSameOutputExitsWith5NamingTheHolder(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        java.util.concurrent.CompletableFuture<Run> first = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> run(args("train", out, "train.epochs=12", "train.slices=10")));
        Path lock = out.resolve("_lock");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(lock) && !first.isDone()) {
            assertTrue(System.nanoTime() < deadline, "the first run took no lease");
            Thread.sleep(50);
        }
        long t0 = System.nanoTime();
        Run second = run(args("train", out, "train.epochs=3", "train.slices=10"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        // refused naming the first run, which holds the lease only while it trains
        assertEquals(5, second.exit(), second.out() + second.err());
        assertTrue(second.err().contains("is in use by run") && second.err().contains("process " + ProcessHandle.current().pid()),
                second.err());
        assertTrue(ms < 10_000, "refused at once, before Spark starts: " + ms + " ms");
        Run done = first.get(5, java.util.concurrent.TimeUnit.MINUTES);
        assertEquals(0, done.exit(), done.err());
        assertFalse(Files.exists(lock), "released at the end");
        assertEquals(0, run(args("train", out)).exit(), "the next run: nothing to do");
    }

    static List<JsonNode> predictions(Path dir) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.filter(f -> f.getFileName().toString().startsWith("part-"))::iterator) {
                for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) lines.add(JSON.readTree(l));
            }
        }
        lines.sort((a, b) -> Long.compare(a.get("line").asLong(), b.get("line").asLong()));
        return lines;
    }

    @Test
    void encoderDecoderModelsTrainDecodeAndPredict(@TempDir Path tmp) throws IOException {
        // spelling -> pronunciation on the first 3,000 entries of the shipped dictionary
        Path dict = tmp.resolve("cmudict.dict");
        Files.write(dict, Files.readAllLines(Path.of("jobs/data/cmudict-g2p/cmudict-train.dict")).subList(0, 3000));
        Path g2p = tmp.resolve("g2p");
        Run train = job("train", "g2p", g2p, "input=" + dict.toUri(), "decode.beam=2", "decode.examples=spark");
        assertEquals(0, train.exit(), train.err());
        JsonNode t = train.lastJson();
        double per = t.get("validation_phoneme_error_rate").asDouble();
        assertTrue(per > 0 && Double.isFinite(per), t.toString());   // insertions can take it above 1
        assertTrue(t.get("validation_word_error_rate").asDouble() <= 1, t.toString());
        assertTrue(t.get("validation_decoded").asLong() > 50, t.toString());
        assertTrue(train.out().contains("---- decoded"), train.out());
        JsonNode meta = JSON.readTree(g2p.resolve("models/v0001/metadata.json").toFile());
        assertEquals("encoder-decoder", meta.get("modelType").asText());
        Path words = tmp.resolve("words.txt");
        Files.writeString(words, "hello\n\nrecurrent\n");
        Path preds = tmp.resolve("g2p-predictions");
        Run p = job("predict", "g2p", g2p, "input=" + words.toUri(), "predictions=" + preds.toUri());
        assertEquals(0, p.exit(), p.err());
        List<JsonNode> lines = predictions(preds);
        assertEquals(3, lines.size());
        assertEquals("hello", lines.get(0).get("source").asText());
        assertTrue(lines.get(0).get("log_probability").asDouble() < 0, lines.get(0).toString());
        assertTrue(lines.get(1).get("empty").asBoolean());
        Run eval = job("evaluate", "g2p", g2p, "input=" + dict.toUri());
        assertEquals(0, eval.exit(), eval.err());
        assertTrue(eval.lastJson().has("phoneme_error_rate"), eval.out());

        // English -> Hindi: two scripts, two vocabularies
        Path hin = tmp.resolve("hin");
        Run tr = job("train", "translate-eng-hin", hin, "decode.beam=1", "decode.max.length=20");
        assertEquals(0, tr.exit(), tr.err());
        JsonNode hm = JSON.readTree(hin.resolve("models/v0001/metadata.json").toFile());
        assertTrue(hm.get("sourceVocabulary").toString().contains("\"w\""), hm.get("sourceVocabulary").toString());
        List<String> target = new ArrayList<>();
        hm.get("vocabulary").forEach(v -> target.add(v.asText()));
        assertTrue(target.contains("\u0928") && target.contains("\u093E"), target.toString());   // na, sign aa
        assertFalse(target.contains("\uFEFF"), "the byte-order mark is not a character of the data");
        Path english = tmp.resolve("english.txt");
        Files.writeString(english, "I am hungry.\n");
        Path hp = tmp.resolve("hin-predictions");
        Run hpred = job("predict", "translate-eng-hin", hin, "input=" + english.toUri(), "predictions=" + hp.toUri(),
                "decode.max.length=20");
        assertEquals(0, hpred.exit(), hpred.err());
        String hindi = predictions(hp).get(0).get("prediction").asText();
        assertTrue(hindi.codePoints().allMatch(c -> target.contains(Character.toString(c)) || c == ' '), hindi);
    }

    /** A seq2seq job on {@code source<TAB>target} lines whose source is a vector and whose target is words. */
    static Run vectorJob(String sub, Path out, String... sets) {
        List<String> a = new ArrayList<>(List.of(sub, "--set", "master=local[2]", "--set", "output=" + out.toUri(),
                "--set", "task=seq2seq", "--set", "input.format=pairs", "--set", "source.unit=vector",
                "--set", "target.unit=word"));
        for (String s : sets) {
            a.add("--set");
            a.add(s);
        }
        return run(a.toArray(String[]::new));
    }

    @Test
    void generatorConditionedOnAFeatureVectorLearnsWhichTextAVectorGets(@TempDir Path tmp) throws IOException {
        // x in [-1, 1] decides the text; two noise features on other scales, which the normalization evens out
        Random r = new Random(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            double x = 2 * r.nextDouble() - 1;
            sb.append(String.format(Locale.ROOT, "%.4f, %.2f %.1f\t%s%n", x, 50 + 20 * r.nextGaussian(),
                    1000 * r.nextDouble(), x < 0 ? "low small" : "high large"));
        }
        Path data = tmp.resolve("vectors.txt");
        Files.writeString(data, sb.toString());
        Path out = tmp.resolve("vec");
        Run train = vectorJob("train", out, "input=" + data.toUri(), "hidden=16", "validation.fraction=0.2",
                "train.epochs=15", "train.slices=4", "lr=0.02", "decode.examples=-0.9, 50, 500; 0.9 50 500");
        assertEquals(0, train.exit(), train.err());
        JsonNode t = train.lastJson();
        // a model that ignores the vector is wrong half the time; this one reaches 0 after 60 updates
        assertTrue(t.get("validation_sequence_error_rate").asDouble() < 0.2, t.toString());
        assertTrue(t.get("validation_decoded").asLong() > 50, t.toString());
        assertTrue(train.out().contains("-0.9, 50, 500\tlow small"), train.out());
        JsonNode meta = JSON.readTree(out.resolve("models/v0001/metadata.json").toFile());
        assertEquals(3, meta.get("normalization").get("means").size(), meta.toString());
        assertEquals(3, meta.get("shape").get("encoder").get("D").asInt());
        assertFalse(meta.get("shape").get("encoder").get("oneHot").asBoolean());
        assertFalse(meta.has("sourceVocabulary"));

        Path vectors = tmp.resolve("new.txt");
        Files.writeString(vectors, "-0.95, 40, 100\n0.95 70 900\n1 2\n");
        Path preds = tmp.resolve("vec-predictions");
        Run p = vectorJob("predict", out, "input=" + vectors.toUri(), "predictions=" + preds.toUri());
        assertEquals(0, p.exit(), p.err());
        List<JsonNode> lines = predictions(preds);
        assertEquals(3, lines.size());
        assertEquals("-0.95, 40, 100", lines.get(0).get("source").asText());
        assertEquals("low small", lines.get(0).get("prediction").asText(), lines.toString());
        assertEquals("high large", lines.get(1).get("prediction").asText(), lines.toString());
        assertTrue(lines.get(1).get("log_probability").asDouble() < 0, lines.toString());
        assertTrue(lines.get(2).get("error").asText().contains("3 numbers"), lines.toString());
        Run eval = vectorJob("evaluate", out, "input=" + data.toUri());
        assertEquals(0, eval.exit(), eval.err());
        assertTrue(eval.lastJson().get("sequence_error_rate").asDouble() < 0.2, eval.out());
    }

    @Test
    void conditionalGeneratorIsScoredUnderBothLabelsAndSamplesReproducibly(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("gen");
        Run train = job("train", "sentiment-generate", out, "train.epochs=2");
        assertEquals(0, train.exit(), train.err());
        JsonNode t = train.lastJson();
        assertTrue(t.get("validation_perplexity_true_label").asDouble() > 1, t.toString());
        assertTrue(t.get("validation_perplexity_opposite_label").asDouble() > 1, t.toString());
        double share = t.get("validation_share_more_likely_under_true_label").asDouble();
        assertTrue(share >= 0 && share <= 1, t.toString());
        Run g1 = job("generate", "sentiment-generate", out, "generate.seed=5");
        Run g2 = job("generate", "sentiment-generate", out, "generate.seed=5");
        Run g3 = job("generate", "sentiment-generate", out, "generate.seed=6", "generate.label=1", "generate.count=2");
        assertEquals(0, g1.exit(), g1.err());
        assertEquals(g1.out(), g2.out());
        assertEquals(6, g1.out().strip().split("\n").length, g1.out());
        assertTrue(g1.out().contains("0\t") && g1.out().contains("1\t"), g1.out());
        String[] only1 = g3.out().strip().split("\n");
        assertEquals(2, only1.length, g3.out());
        for (String l : only1) assertTrue(l.startsWith("1\t"), l);
        Run bad = job("generate", "sentiment-generate", out, "generate.label=7");
        assertEquals(2, bad.exit(), bad.out());
    }
}
