package dev.sparkrnn.train;

import dev.sparkrnn.optim.LearningRateSchedule;
import java.io.Serializable;

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
 */
public record TrainerConfig(int epochs, int slices, int batchSize, int window, String optimizer,
                            LearningRateSchedule schedule, double momentum, double beta1, double beta2, double rho,
                            double epsilon, double clipNorm, double clipValue, double l2, long seed,
                            double recurrentGain, int aggregationDepth, String checkpointDir, int checkpointEvery,
                            int checkpointKeep, int validateEvery, int patience, double wordDropout, double maxSeconds) implements Serializable {

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
    }

    /** Total updates of the run. */
    public long updates() {
        return (long) epochs * slices;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.epochs = epochs; b.slices = slices; b.batchSize = batchSize; b.window = window; b.optimizer = optimizer;
        b.schedule = schedule; b.momentum = momentum; b.beta1 = beta1; b.beta2 = beta2; b.rho = rho;
        b.epsilon = epsilon; b.clipNorm = clipNorm; b.clipValue = clipValue; b.l2 = l2; b.seed = seed;
        b.recurrentGain = recurrentGain; b.aggregationDepth = aggregationDepth; b.checkpointDir = checkpointDir;
        b.checkpointEvery = checkpointEvery; b.checkpointKeep = checkpointKeep; b.validateEvery = validateEvery;
        b.maxSeconds = maxSeconds; b.patience = patience; b.wordDropout = wordDropout;
        return b;
    }

    /** Fluent construction; the defaults are the trainer's (conf/defaults.conf documents the job-level ones). */
    public static final class Builder {
        private int epochs = 1, slices = 1, batchSize = 32, window = 50;
        private String optimizer = "adam";
        private LearningRateSchedule schedule = LearningRateSchedule.constant(2e-3);
        private double momentum = 0.9, beta1 = 0.9, beta2 = 0.999, rho = 0.9, epsilon = 1e-8;
        private double clipNorm = 5.0, clipValue = 0, l2 = 0;
        private long seed = 1;
        private double recurrentGain = 1.0;
        private int aggregationDepth = 2;
        private String checkpointDir;
        private int checkpointEvery = 10, checkpointKeep = 3, validateEvery = 0;
        private double maxSeconds = 0;
        private int patience = 0;
        private double wordDropout = 0;

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

        public TrainerConfig build() {
            return new TrainerConfig(epochs, slices, batchSize, window, optimizer, schedule, momentum, beta1, beta2, rho,
                    epsilon, clipNorm, clipValue, l2, seed, recurrentGain, aggregationDepth, checkpointDir,
                    checkpointEvery, checkpointKeep, validateEvery, patience, wordDropout, maxSeconds);
        }
    }
}
