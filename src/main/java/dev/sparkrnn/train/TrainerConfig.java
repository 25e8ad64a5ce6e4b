package dev.sparkrnn.train;

import dev.sparkrnn.config.Settings;
import dev.sparkrnn.kernel.Precision;
import dev.sparkrnn.optim.LearningRateSchedule;
import java.io.Serializable;
import java.lang.reflect.RecordComponent;
import java.util.Set;

/**
 * How the distributed trainer optimizes.
 *
 * @param epochs           passes over the training data
 * @param slices           updates per epoch: 1 = full batch (one update per pass over all the data), n = mini-batch
 *                         (each epoch the data is dealt into n random slices, one update per slice)
 * @param batchSize        sequences per kernel call inside a task
 * @param window           truncated-BPTT length k (kernel window)
 * @param optimizer        sgd, adagrad, rmsprop or adam
 * @param schedule         learning rate per update
 * @param momentum         SGD momentum (0 = plain gradient descent)
 * @param beta1            Adam
 * @param beta2            Adam
 * @param rho              RMSProp decay
 * @param epsilon          Adagrad / RMSProp / Adam
 * @param clipNorm         clip the averaged gradient to this global L2 norm (0 = off)
 * @param clipValue        clip each averaged gradient component to +-clipValue (0 = off)
 * @param l2               L2 penalty l2/2 ||theta||^2 on U, V, W (not the biases), added to the averaged gradient
 * @param seed             initial parameters and data slices derive from it
 * @param recurrentGain    V starts as a random orthogonal matrix times this gain
 * @param aggregationDepth treeAggregate depth
 * @param checkpointDir    any Hadoop path, or null for no checkpoints
 * @param checkpointEvery  updates between checkpoints
 * @param checkpointKeep   checkpoints kept
 * @param validateEvery    updates between validation passes (0 = only at the end)
 * @param patience         early stopping: stop after this many validation passes without a better validation
 *                         loss (0 = off); the best parameters are kept either way
 * @param wordDropout      probability that a training input token is replaced by token 0 (the unknown word) in an
 *                         update (0 = off; for word vocabularies, whose index 0 is {@code <unk>})
 * @param maxSeconds       stop (with a checkpoint) after the update that crosses this much training time in
 *                         this run (0 = no limit); a rerun resumes, so a scheduled job can train in slices of time
 * @param precision        the arithmetic of the tasks' kernel (the driver's parameters and optimizer state are float64)
 */
public record TrainerConfig(int epochs, int slices, int batchSize, int window, String optimizer,
                            LearningRateSchedule schedule, double momentum, double beta1, double beta2, double rho,
                            double epsilon, double clipNorm, double clipValue, double l2, long seed,
                            double recurrentGain, int aggregationDepth, String checkpointDir, int checkpointEvery,
                            int checkpointKeep, int validateEvery, int patience, double wordDropout, double maxSeconds,
                            Precision precision) implements Serializable {

    public TrainerConfig {
        if (epochs <= 0) throw new IllegalArgumentException("epochs must be positive: " + epochs);
        if (slices <= 0) throw new IllegalArgumentException("slices must be positive: " + slices);
        if (batchSize <= 0) throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        if (window <= 0) throw new IllegalArgumentException("window must be positive: " + window);
        if (clipNorm < 0 || clipValue < 0 || l2 < 0) throw new IllegalArgumentException("clip and l2 must be >= 0");
        if (aggregationDepth < 1) throw new IllegalArgumentException("aggregationDepth must be >= 1");
        if (checkpointDir != null && checkpointEvery <= 0) throw new IllegalArgumentException("checkpointEvery must be positive");
        if (!(wordDropout >= 0 && wordDropout < 1)) throw new IllegalArgumentException("wordDropout must be in [0, 1)");
        if (patience < 0) throw new IllegalArgumentException("patience must be >= 0");
        if (maxSeconds < 0) throw new IllegalArgumentException("maxSeconds must be >= 0");
        java.util.Objects.requireNonNull(precision, "precision");
    }

    /** What a run's result does not depend on: where checkpoints go, how many are kept, the time budget of one run. */
    private static final Set<String> NOT_IN_RESULT = Set.of("checkpointDir", "checkpointKeep", "maxSeconds");

    /** The defaults of conf/defaults.conf, without checkpoints. */
    private static final TrainerConfig DEFAULTS = of(Settings.defaults(), null);

    /**
     * The trainer settings of a job; checkpoints go to {@code checkpoints} (may be null) unless checkpoint.dir
     * says otherwise. The slices and learning rate are {@code train.slices} and {@code lr} as set, with one
     * slice for {@code train.slices = auto}: {@link Cadence#resolve} makes them the ones to train with.
     */
    public static TrainerConfig of(Settings s, String checkpoints) {
        String dir = s.optional("checkpoint.dir");
        int slices = s.isWord("train.slices", "auto") ? 1 : s.integer("train.slices");
        LearningRateSchedule schedule = new LearningRateSchedule(s.choice("lr.schedule"),
                s.number("lr"), s.number("lr.gamma"), s.integer("lr.every"),
                (long) s.integer("train.epochs") * slices,
                s.number("lr.min.fraction"), s.integer("lr.warmup"));
        return new TrainerConfig(s.integer("train.epochs"), slices, s.integer("train.batch"),
                s.integer("train.bptt"), s.choice("optimizer"), schedule, s.number("momentum"), s.number("beta1"),
                s.number("beta2"), s.number("rho"), s.number("epsilon"), s.number("clip.norm"), s.number("clip.value"),
                s.number("l2"), s.longValue("seed"), s.number("init.recurrent.gain"), s.integer("aggregation.depth"),
                dir != null ? dir : checkpoints, s.integer("checkpoint.every"), s.integer("checkpoint.keep"),
                s.integer("validate.every"), s.integer("early.stopping.patience"), s.number("train.word.dropout"),
                s.number("train.max.seconds"), Precision.of(s.choice("precision")));
    }

    /**
     * What a checkpoint must match to be resumed: every component of this record that the result depends on
     * (all but {@link #NOT_IN_RESULT}), by name and value, so a new setting is in it without a hand-kept list.
     */
    public String fingerprint() {
        StringBuilder b = new StringBuilder();
        for (RecordComponent c : TrainerConfig.class.getRecordComponents()) {
            if (NOT_IN_RESULT.contains(c.getName())) continue;
            // float64, the only precision before the setting existed, is left out: older checkpoints still resume
            if (c.getName().equals("precision") && precision == Precision.FLOAT64) continue;
            try {
                if (b.length() > 0) b.append(' ');
                b.append(c.getName()).append('=').append(c.getAccessor().invoke(this));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return b.toString();
    }

    /** Total updates of the run. */
    public long updates() {
        return (long) epochs * slices;
    }

    /** A builder that starts from conf/defaults.conf's values (no checkpoints). */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    /** Starts from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.epochs = epochs; b.slices = slices; b.batchSize = batchSize; b.window = window; b.optimizer = optimizer;
        b.schedule = schedule; b.momentum = momentum; b.beta1 = beta1; b.beta2 = beta2; b.rho = rho;
        b.epsilon = epsilon; b.clipNorm = clipNorm; b.clipValue = clipValue; b.l2 = l2; b.seed = seed;
        b.recurrentGain = recurrentGain; b.aggregationDepth = aggregationDepth; b.checkpointDir = checkpointDir;
        b.checkpointEvery = checkpointEvery; b.checkpointKeep = checkpointKeep; b.validateEvery = validateEvery;
        b.maxSeconds = maxSeconds; b.patience = patience; b.wordDropout = wordDropout; b.precision = precision;
        return b;
    }

    /** Fluent construction, from {@link #builder()} (the defaults) or {@link #toBuilder()}. */
    public static final class Builder {
        private int epochs, slices, batchSize, window;
        private String optimizer;
        private LearningRateSchedule schedule;
        private double momentum, beta1, beta2, rho, epsilon;
        private double clipNorm, clipValue, l2;
        private long seed;
        private double recurrentGain;
        private int aggregationDepth;
        private String checkpointDir;
        private int checkpointEvery, checkpointKeep, validateEvery;
        private double maxSeconds;
        private int patience;
        private double wordDropout;
        private Precision precision;

        private Builder() {
        }

        public Builder epochs(int v) { epochs = v; return this; }
        public Builder slices(int v) { slices = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder window(int v) { window = v; return this; }
        public Builder optimizer(String v) { optimizer = v; return this; }
        public Builder schedule(LearningRateSchedule v) { schedule = v; return this; }
        public Builder learningRate(double v) { schedule = LearningRateSchedule.constant(v); return this; }
        public Builder momentum(double v) { momentum = v; return this; }
        public Builder beta1(double v) { beta1 = v; return this; }
        public Builder beta2(double v) { beta2 = v; return this; }
        public Builder rho(double v) { rho = v; return this; }
        public Builder epsilon(double v) { epsilon = v; return this; }
        public Builder clipNorm(double v) { clipNorm = v; return this; }
        public Builder clipValue(double v) { clipValue = v; return this; }
        public Builder l2(double v) { l2 = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder recurrentGain(double v) { recurrentGain = v; return this; }
        public Builder aggregationDepth(int v) { aggregationDepth = v; return this; }
        public Builder checkpoints(String dir, int every, int keep) { checkpointDir = dir; checkpointEvery = every; checkpointKeep = keep; return this; }
        public Builder validateEvery(int v) { validateEvery = v; return this; }
        public Builder maxSeconds(double v) { maxSeconds = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder wordDropout(double v) { wordDropout = v; return this; }
        public Builder precision(Precision v) { precision = v; return this; }

        public TrainerConfig build() {
            return new TrainerConfig(epochs, slices, batchSize, window, optimizer, schedule, momentum, beta1, beta2, rho,
                    epsilon, clipNorm, clipValue, l2, seed, recurrentGain, aggregationDepth, checkpointDir,
                    checkpointEvery, checkpointKeep, validateEvery, patience, wordDropout, maxSeconds, precision);
        }
    }
}
