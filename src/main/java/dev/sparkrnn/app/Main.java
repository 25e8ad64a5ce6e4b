package dev.sparkrnn.app;

import dev.sparkrnn.task.Console;
import dev.sparkrnn.task.InputDataException;
import dev.sparkrnn.config.ConfigException;
import dev.sparkrnn.config.Settings;
import dev.sparkrnn.train.TrainingDivergedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line: {@code spark-rnn <subcommand> --conf FILE [--set key=value ...]}, run by
 * {@code scripts/spark-rnn} locally or by {@code spark-submit --class dev.sparkrnn.app.Main app.jar ...}.
 *
 * <p>Exit codes for schedulers: 0 success, 2 usage or configuration error, 3 bad input data (also a corrupt
 * model), 4 training diverged (NaN or infinite loss; the last good checkpoint is kept), 5 the output is in use
 * by another run (its lease, {@code OUTPUT/_lock}), 1 anything else.
 */
public final class Main {
    /** The exit code of a train whose output another run holds. */
    static final int EXIT_LOCKED = 5;

    static final String USAGE = """
            usage: spark-rnn <subcommand> [--conf FILE] [--set key=value ...] [--quiet | --verbose]
              train      train the job's model on its input (resuming an interrupted run), write the next
                         model version under OUTPUT/models, print its validation figures as JSON
              evaluate   score a model (model=..., else OUTPUT's latest) on input=...; prints JSON
              predict    label new text with a classify or tag model: one sentence per line of input=...,
                         JSON lines written to predictions=... (default OUTPUT/predictions/TIME)
              generate   sample text from a character model (generate.* settings)
            --quiet    standard output holds only the final JSON line; standard error only errors
            --verbose  also the per-update JSON lines and Spark's INFO log (scripts/spark-rnn)
            settings: conf/defaults.conf lists every key with its default and meaning""";

    private Main() {
    }

    /**
     * Runs the command and ends with its exit code. Run directly ({@code scripts/spark-rnn}) the JVM exits with
     * the code. Under spark-submit the launcher owns the JVM, so success returns normally (a {@code System.exit}
     * inside YARN's ApplicationMaster is reported as "shutdown hook called before final status was reported")
     * and a failure ends so that the cluster manager reports it:
     * <ul>
     *   <li>client mode: thrown as {@code SparkUserAppException(code)}, which spark-submit exits with;</li>
     *   <li>YARN cluster mode: thrown as a {@link JobFailedException} with the job's message and code, which the
     *       ApplicationMaster reports as final status FAILED with that message as the diagnostics (a
     *       SparkUserAppException would give only "User application exited with status 3");</li>
     *   <li>standalone cluster mode (DriverWrapper on a Worker): the driver's process exits with the code, after
     *       printing it (the Worker records only FAILED).</li>
     * </ul>
     */
    public static void main(String[] args) throws org.apache.spark.SparkUserAppException {
        Outcome o = execute(args);
        String deployMode = System.getProperty("spark.submit.deployMode");
        if (deployMode == null && System.getProperty("SPARK_SUBMIT") == null) System.exit(o.code());
        if (o.code() == 0) return;
        if (!"cluster".equals(deployMode)) throw new org.apache.spark.SparkUserAppException(o.code(), null);
        System.err.println("spark-rnn: exit code " + o.code());
        if (System.getProperty("spark.master", "").startsWith("spark://")) System.exit(o.code());
        throw new JobFailedException(o.code(), o.message());
    }

    /** How a command ended: its exit code and, when it failed, the message it printed. */
    record Outcome(int code, String message) {
    }

    /** The command line in this JVM, as a method: its exit code (nothing exits; what it prints goes to System.out/err). */
    public static int run(String[] args) {
        return execute(args).code();
    }

    /** Prints {@code message} to standard error: the outcome of a failed command. */
    private static Outcome failed(int code, String message) {
        System.err.println(message);
        return new Outcome(code, message);
    }

    /** Runs the command, then stops its Spark session (if it started one) with the exit code. */
    static Outcome execute(String[] args) {
        Outcome o = null;
        try {
            o = command(args);
            return o;
        } finally {
            Sessions.stopStarted(o == null ? 1 : o.code());
        }
    }

    private static Outcome command(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.err.println(USAGE);
            return new Outcome(args.length == 0 ? 2 : 0, args.length == 0 ? "usage: a subcommand is needed" : null);
        }
        String sub = args[0];
        try {
            String conf = null;
            List<String> sets = new ArrayList<>();
            Console.quiet(false);
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--conf" -> conf = value(args, ++i, "--conf");
                    case "--set" -> sets.add(value(args, ++i, "--set"));
                    case "--quiet" -> Console.quiet(true);
                    case "--verbose" -> { }   // log levels: the scripts set them (see conf/log4j2.properties)
                    default -> {
                        return failed(2, "unknown argument '" + args[i] + "'\n" + USAGE);
                    }
                }
            }
            Settings settings = loadSettings(conf, sets);
            int code = switch (sub) {
                case "train" -> TrainCommand.run(settings);
                case "evaluate" -> ModelCommands.evaluate(settings);
                case "generate" -> ModelCommands.generate(settings);
                case "predict" -> ModelCommands.predict(settings);
                default -> {
                    System.err.println("unknown subcommand '" + sub + "'\n" + USAGE);
                    yield 2;
                }
            };
            return new Outcome(code, code == 0 ? null : sub + " ended with exit code " + code + " (its output says why)");
        } catch (ConfigException e) {
            return failed(2, "configuration error: " + e.getMessage());
        } catch (InputDataException e) {
            return failed(3, "input error: " + e.getMessage());
        } catch (TrainingDivergedException e) {
            return failed(4, "training stopped: " + e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof dev.sparkrnn.persist.InvalidModelException) {   // a corrupt model is bad input
                return failed(3, "input error: " + e.getMessage());
            }
            return failed(1, "error: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            return failed(1, outOfMemory("the driver"));
        } catch (RuntimeException e) {
            if (!causedByOutOfMemory(e)) throw e;
            return failed(1, outOfMemory("a task") + "\n  (" + firstLine(e.getMessage()) + ")");
        }
    }

    /**
     * The settings of a job file given as a local path, or as a URI of any Hadoop file system
     * ({@code hdfs://nn/jobs/x.conf}: what a driver on a cluster node reads), then the overrides.
     */
    static Settings loadSettings(String conf, List<String> sets) {
        if (conf == null || !conf.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            return Settings.load(conf == null ? null : Path.of(conf), sets);
        }
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(conf);
        try (java.io.Reader r = new java.io.InputStreamReader(
                p.getFileSystem(new org.apache.hadoop.conf.Configuration()).open(p), java.nio.charset.StandardCharsets.UTF_8)) {
            return Settings.load(r, conf, sets);
        } catch (java.io.IOException e) {
            throw new ConfigException("cannot read configuration file " + conf + ": " + e.getMessage());
        }
    }

    /** What to change when a JVM of the job ran out of heap. */
    static String outOfMemory(String where) {
        return "out of memory in " + where + ": give it more heap (scripts/spark-rnn: JAVA_OPTS=-Xmx...; spark-submit:"
                + " --driver-memory, --executor-memory), or make the work of one task smaller: more partitions"
                + " (partitions=...), smaller kernel batches (train.batch) or windows (train.bptt)";
    }

    /** An OutOfMemoryError in the chain of causes, or named in a message (a task's, as Spark reports it). */
    static boolean causedByOutOfMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) return true;
            if (c.getMessage() != null && c.getMessage().contains("java.lang.OutOfMemoryError")) return true;
            if (c.getCause() == c) break;
        }
        return false;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) throw new ConfigException(flag + " needs a value");
        return args[i];
    }
}
