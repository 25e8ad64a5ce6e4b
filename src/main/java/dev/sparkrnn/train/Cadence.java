package dev.sparkrnn.train;

import dev.sparkrnn.config.ConfigException;
import dev.sparkrnn.config.Settings;
import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.optim.LearningRateSchedule;
import dev.sparkrnn.persist.Checkpoint;
import dev.sparkrnn.persist.CheckpointStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;

/**
 * How much work an update carries ({@code train.slices}) and the learning rate that goes with it.
 *
 * <p>{@code train.slices = auto} measures the cost of an update on the cluster it runs on, before training,
 * and chooses the slices from it. An update of n sequences takes
 * <pre>
 *   T(n) = a + c n
 * </pre>
 * a: the time outside the kernel (submitting the job, shipping theta, task start, the results, the driver's
 * merge), which grows with the executors and |theta| but not with n; c: the kernel's time per sequence,
 * divided among the task slots. The share outside the kernel is a / T(n), at most f
 * ({@code train.overhead.target}) when
 * <pre>
 *   n &gt;= a (1 - f) / (f c)
 * </pre>
 * a and c are measured as the progress line reports them: a pass's wall-clock time less its slowest task's
 * kernel time is a, and that kernel time per sequence is c, timed on updates of one batch per task and of
 * eight alternately (medians of the ten and of the five larger ones, after two seconds of warm-up passes,
 * in which the data is packed and the JIT compiles the kernel); the passes compute gradients and apply nothing, so training
 * itself starts from the same parameters and data order as with the chosen slices set by hand. The chosen
 * slices are kept in every checkpoint, and a resumed run reads them from there instead of measuring again, so
 * that a resume stays bit-exact.
 *
 * <p>{@code lr.scaling} makes the learning rate follow the update size: with n = N / slices sequences an
 * update (N training sequences) and n_0 = {@code lr.reference.batch}, lr becomes lr sqrt(n / n_0) (sqrt) or
 * lr n / n_0 (linear); none leaves it. It applies to any slices, auto or set; {@code lr.warmup} ramps it in.
 */
public final class Cadence {
    /** Checkpoint info key of the slices a run trains with. */
    public static final String SLICES_INFO = "slices";
    static final int WARM_UP = 3;
    static final double WARM_UP_SECONDS = 2;
    static final int TIMED = 5;
    static final int LARGER = 8;

    private Cadence() {
    }

    /**
     * What was chosen and why: the slices, and when measured, the fitted a and c (seconds).
     *
     * @param source "set" (train.slices), "measured" (auto) or "checkpoint" (auto, resumed)
     */
    public record Choice(int slices, String source, double overheadSeconds, double secondsPerSequence, long sequences) {
        /** One line for the console, with the learning rate that goes with the slices. */
        String describe(double target, double learningRate) {
            double n = (double) sequences / slices;
            String lr = String.format(Locale.ROOT, "lr %.4g", learningRate);
            return switch (source) {
                case "measured" -> String.format(Locale.ROOT, "train.slices = auto: an update costs %.1f ms outside the"
                                + " kernel and %.3f ms a sequence; %d slices of about %.0f sequences keep that share near"
                                + " %.0f%% (%.0f%% projected); %s", 1e3 * overheadSeconds, 1e3 * secondsPerSequence,
                        slices, n, 100 * target, 100 * share(n), lr);
                case "checkpoint" -> String.format(Locale.ROOT, "train.slices = auto: %d slices, as the checkpoint"
                        + " being resumed was trained; %s", slices, lr);
                default -> String.format(Locale.ROOT, "train.slices = %d (about %.0f sequences an update); %s", slices, n, lr);
            };
        }

        /** The share of an update of n sequences outside the kernel, by the fitted model. */
        public double share(double n) {
            return overheadSeconds / (overheadSeconds + secondsPerSequence * n);
        }
    }

    /**
     * The configuration to train with: {@code base} with the slices of {@code train.slices} (measured on
     * {@code train} when auto, or read from the newest checkpoint of {@code base.checkpointDir()}) and the
     * learning rate of {@code lr.scaling}.
     *
     * @param sequences the number of training sequences, N
     */
    public static Resolved resolve(Settings s, TrainerConfig base, DistributedTrainer trainer, JavaRDD<EncodedSequence> train,
                                   long sequences, Configuration conf) {
        Choice choice;
        if (!s.isWord("train.slices", "auto")) {
            choice = new Choice(s.integer("train.slices"), "set", Double.NaN, Double.NaN, sequences);
        } else {
            if (base.optimizer().equals("lbfgs")) {
                throw new ConfigException("train.slices = auto chooses mini-batches, and optimizer = lbfgs is full batch:"
                        + " set train.slices = 1, or another optimizer");
            }
            Optional<Integer> recorded = recordedSlices(conf, base.checkpointDir(), base.checkpointKeep());
            choice = recorded.isPresent()
                    ? new Choice(recorded.get(), "checkpoint", Double.NaN, Double.NaN, sequences)
                    : measure(trainer, train, sequences, base.batchSize(), s.number("train.overhead.target"));
        }
        double lr = scaledLr(s.number("lr"), s.choice("lr.scaling"), (double) sequences / choice.slices(),
                s.integer("lr.reference.batch"));
        LearningRateSchedule old = base.schedule();
        LearningRateSchedule schedule = new LearningRateSchedule(old.kind(), lr, old.gamma(), old.every(),
                (long) base.epochs() * choice.slices(), old.minFraction(), old.warmup());
        TrainerConfig config = base.toBuilder().slices(choice.slices()).schedule(schedule).build();
        return new Resolved(config, choice);
    }

    /** A configuration and the choice behind it. */
    public record Resolved(TrainerConfig config, Choice choice) {
        /** One line for the console: the slices, why, and the learning rate. */
        public String describe(double target) {
            return choice.describe(target, config.schedule().lr());
        }
    }

    /** lr for updates of {@code n} sequences when {@code lr} suits updates of {@code reference}. */
    public static double scaledLr(double lr, String scaling, double n, int reference) {
        return switch (scaling) {
            case "none" -> lr;
            case "sqrt" -> lr * Math.sqrt(n / reference);
            case "linear" -> lr * n / reference;
            default -> throw new IllegalArgumentException("lr.scaling is none, sqrt or linear, not " + scaling);
        };
    }

    /**
     * The slices for the fitted cost model: the fewest updates of at most one batch per task each, up to one
     * update of everything, whose share outside the kernel is at most {@code target}.
     *
     * @param a          seconds an update spends outside the kernel
     * @param c          seconds per sequence
     * @param sequences  N
     * @param smallest   the smallest update to consider (sequences)
     */
    public static int slicesFor(double a, double c, long sequences, long smallest, double target) {
        long most = Math.max(1, sequences / Math.max(1, smallest));
        if (!(c > 0)) return 1;            // the kernel time does not grow with the update: one update of everything
        if (!(a > 0)) return (int) Math.min(most, Integer.MAX_VALUE);   // no overhead to amortize
        double n = a * (1 - target) / (target * c);
        long slices = (long) Math.floor(sequences / n);
        return (int) Math.max(1, Math.min(most, slices));
    }

    private static Choice measure(DistributedTrainer trainer, JavaRDD<EncodedSequence> train, long sequences, int batch,
                                  double target) {
        long small = Math.max(1, (long) train.getNumPartitions() * batch);
        int slicesSmall = (int) Math.max(1, Math.min(Integer.MAX_VALUE, sequences / small));
        int slicesLarge = Math.max(1, slicesSmall / LARGER);
        double nSmall = (double) sequences / slicesSmall, nLarge = (double) sequences / slicesLarge;
        double[] theta = trainer.initialParameters();
        // warm up (the data's first pass packs it, the JIT compiles the kernel) for a while, then time
        long warmUntil = System.nanoTime() + (long) (WARM_UP_SECONDS * 1e9);
        int slice = 0;
        for (int i = 0; i < WARM_UP || System.nanoTime() < warmUntil; i++) {
            trainer.timePass(train, theta, slicesSmall, slice++ % slicesSmall);
        }
        trainer.timePass(train, theta, slicesLarge, 0);
        double[] outside = new double[2 * TIMED], perSequence = new double[TIMED];
        for (int i = 0; i < TIMED; i++) {
            double[] s = trainer.timePass(train, theta, slicesSmall, slice++ % slicesSmall);
            double[] l = trainer.timePass(train, theta, slicesLarge, i % slicesLarge);
            outside[2 * i] = s[0] - s[1];
            outside[2 * i + 1] = l[0] - l[1];
            perSequence[i] = l[1] / nLarge;
        }
        double a = median(outside), c = median(perSequence);
        int slices = slicesFor(a, c, sequences, (long) Math.ceil(nSmall), target);
        return new Choice(slices, "measured", a, c, sequences);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The slices the newest checkpoint in {@code dir} was trained with, if there is one that says. */
    static Optional<Integer> recordedSlices(Configuration conf, String dir, int keep) {
        if (dir == null) return Optional.empty();
        try {
            Optional<Checkpoint> last = new CheckpointStore(conf, dir, keep).latest();
            return last.map(c -> c.info().get(SLICES_INFO)).map(Integer::valueOf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoints in " + dir + ": " + e.getMessage(), e);
        }
    }
}
