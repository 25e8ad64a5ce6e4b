package dev.sparkrnn.train;

import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.Mix;
import dev.sparkrnn.data.PackedSequence;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.optim.Clipping;
import dev.sparkrnn.optim.Optimizer;
import dev.sparkrnn.persist.Checkpoint;
import dev.sparkrnn.persist.CheckpointStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Data-parallel BPTT on Spark, the shape of MLlib's GradientDescent:
 *
 * <pre>
 *   for each update:
 *     broadcast theta (inside the update's tasks, which Spark broadcasts with the job, or by itself: {@link TaskTheta})
 *     (sum dL/dtheta, sum L, #targets) = treeAggregate over partitions of the local kernel's BPTT
 *     g = sum dL/dtheta / #targets (+ L2), clipped;  theta = optimizer(theta, g)
 * </pre>
 *
 * Dividing by the global number of targets makes the update independent of the partitioning; the data an
 * update uses is a function of (seed, epoch, id) ({@link Selection}), so 1 partition and 4 partitions,
 * or an interrupted and resumed run, give the same parameters up to floating-point round-off.
 */
public final class DistributedTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);

    private final JavaSparkContext sc;
    private final Network network;
    private final TrainerConfig config;

    public DistributedTrainer(JavaSparkContext sc, Network network, TrainerConfig config) {
        this.sc = sc;
        this.network = network;
        this.config = config;
    }

    /**
     * The result of a run: the parameters, this run's updates, the total updates done (including those of
     * earlier runs it resumed), whether it resumed, whether the job is finished (all updates, or stopped early;
     * false when it stopped at the time budget), and the parameters with the best validation loss (the final
     * ones when there is no validation data) with that loss and the update it was reached at.
     */
    public record Result(double[] theta, List<UpdateMetrics> history, long updates, boolean resumed, boolean complete,
                         double[] best, double bestValidationLoss, long bestUpdate, boolean stoppedEarly) { }

    /** Early-stopping state; kept in the checkpoints so a resumed run continues it. */
    private static final class Best {
        double loss = Double.POSITIVE_INFINITY;
        long update;
        int bad;
        boolean stopped;
        double[] theta;
    }

    /**
     * Deals sequences to {@code partitions} by a hash of their id (a pure function of the id, so the same data
     * gives the same partitions in every run), sorts each partition by length, longest first, then by id (so
     * kernel batches hold similar lengths), and keeps it in memory and on disk. One shuffle, sorted by Spark's
     * external sorter: it spills to disk, so memory does not grow with a partition's size. The sequences are
     * shuffled, sorted and kept in their packed form (about one byte a character for a character model, eight
     * times less than as objects), and unpacked as each pass reads them.
     */
    public static PackedSequences prepare(JavaRDD<EncodedSequence> data, int partitions) {
        return new PackedSequences(data.mapToPair(r -> new Tuple2<byte[], Object>(PackedSequence.pack(r), null))
                .repartitionAndSortWithinPartitions(new DealtPartitioner(partitions), new LengthOrder())
                .keys()
                .persist(StorageLevel.MEMORY_AND_DISK()));
    }

    /** Longest first, then by id: the order of packed sequences within a partition. */
    static final class LengthOrder implements java.util.Comparator<byte[]>, java.io.Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(byte[] a, byte[] b) {
            int la = PackedSequence.length(a);
            int lb = PackedSequence.length(b);
            return la != lb ? Integer.compare(lb, la) : Long.compare(PackedSequence.id(a), PackedSequence.id(b));
        }
    }

    /** Sends a sequence to the partition a hash of its id picks. */
    static final class DealtPartitioner extends org.apache.spark.Partitioner {
        private static final long serialVersionUID = 1L;
        private final int partitions;

        DealtPartitioner(int partitions) {
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return (int) Math.floorMod(Mix.hash(DEAL_SALT, 0, PackedSequence.id((byte[]) key)), (long) partitions);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DealtPartitioner p && p.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return partitions;
        }
    }

    /** Keeps the dealing independent of the seeds that choose data. */
    private static final long DEAL_SALT = 0x5EED_DEA1L;

    /** Initial parameters from the seed. */
    public double[] initialParameters() {
        return network.initialize(config.seed(), config.recurrentGain());
    }

    public Result train(JavaRDD<EncodedSequence> train, JavaRDD<EncodedSequence> validation,
                        Consumer<UpdateMetrics> listener) {
        return train(train, validation, initialParameters(), listener);
    }

    /**
     * Trains from {@code theta0}, or from the newest good checkpoint in the checkpoint directory when there
     * is one for this model and configuration.
     */
    public Result train(JavaRDD<EncodedSequence> train, JavaRDD<EncodedSequence> validation, double[] theta0,
                        Consumer<UpdateMetrics> listener) {
        if (theta0.length != network.parameterCount()) {
            throw new IllegalArgumentException("theta has " + theta0.length + " values, " + network.describe() + " needs "
                    + network.parameterCount());
        }
        double[] theta = theta0.clone();
        boolean lbfgs = config.optimizer().equals("lbfgs");
        Optimizer optimizer = lbfgs ? null : Optimizer.create(config.optimizer(), theta.length, config.momentum(),
                config.beta1(), config.beta2(), config.rho(), config.epsilon());
        Selection selection = new Selection(config.seed(), config.slices());
        PartitionGradient work = trainingWork(selection);
        String fingerprint = fingerprint();
        CheckpointStore store = openStore();

        long start = 0;
        boolean resumed = false;
        Best best = new Best();
        CheckpointStore bestStore = store == null || validation == null ? null : openStore(config.checkpointDir() + "/best", 1);
        if (store != null) {
            Optional<Checkpoint> last = latest(store);
            if (last.isPresent()) {
                Checkpoint c = last.get();
                if (!c.fingerprint().equals(fingerprint)) {
                    throw new IllegalStateException("checkpoint in " + config.checkpointDir() + " was written by another"
                            + " model or configuration:\n  checkpoint: " + c.fingerprint() + "\n  this run:   " + fingerprint
                            + "\nuse another checkpoint directory, or delete it to start over");
                }
                System.arraycopy(c.params(), 0, theta, 0, theta.length);
                if (optimizer != null) optimizer.restore(c.optimizerState());
                start = c.iteration();
                resumed = true;
                best.loss = Double.parseDouble(c.info().getOrDefault("best_loss", "Infinity"));
                best.update = Long.parseLong(c.info().getOrDefault("best_update", "0"));
                best.bad = Integer.parseInt(c.info().getOrDefault("bad_validations", "0"));
                best.stopped = Boolean.parseBoolean(c.info().getOrDefault("stopped_early", "false"));
                if (bestStore != null && best.update > 0) {
                    latest(bestStore).filter(b -> b.iteration() == best.update).ifPresent(b -> best.theta = b.params());
                }
                LOG.info("resuming from update {} of {} ({})", start, config.updates(), config.checkpointDir());
            }
        }

        List<UpdateMetrics> history = new ArrayList<>();
        long total = config.updates();
        if (lbfgs) {
            long done = new LbfgsTraining(sc, network, config, this).run(train, validation, theta, start, store,
                    fingerprint, listener, history);
            return new Result(theta, history, done, resumed, true, theta, Double.NaN, done, false);
        }
        long runStart = System.nanoTime();
        long done = start;
        for (long it = start; it < total && !best.stopped; it++) {
            long t0 = System.nanoTime();
            long epoch = selection.epochOf(it) + 1;
            sc.setJobDescription(String.format("epoch %d/%d, update %d/%d", epoch, config.epochs(), it + 1, total));
            GradientSum sum = averagedGradient(train, theta, it, work, store != null);
            if (sum == null) {
                continue;
            }
            double[] g = sum.gradient;
            double norm = Clipping.norm(g);
            if (config.clipValue() > 0) Clipping.clipByValueInPlace(g, config.clipValue());
            if (config.clipNorm() > 0) Clipping.clipByGlobalNormInPlace(g, config.clipNorm());
            double lr = config.schedule().at(it);
            optimizer.step(theta, g, lr);

            double validationLoss = Double.NaN;
            boolean outOfTime = config.maxSeconds() > 0 && (System.nanoTime() - runStart) / 1e9 >= config.maxSeconds();
            boolean last = it + 1 == total || outOfTime;  // may also become true by early stopping
            if (validation != null && (last || (config.validateEvery() > 0 && (it + 1) % config.validateEvery() == 0))) {
                validationLoss = evaluate(validation, theta, work);
                if (validationLoss < best.loss) {
                    best.loss = validationLoss;
                    best.update = it + 1;
                    best.bad = 0;
                    best.theta = theta.clone();
                    if (bestStore != null) {
                        save(bestStore, new Checkpoint(it + 1, theta, new double[0], config.seed(), it + 1, fingerprint,
                                Map.of("validation_loss", Double.toString(validationLoss))));
                    }
                } else if (config.patience() > 0 && ++best.bad >= config.patience()) {
                    best.stopped = true;
                    last = true;
                    LOG.info("early stopping after update {}: validation loss {} has not improved on {} (update {}) "
                            + "for {} validations", it + 1, validationLoss, best.loss, best.update, best.bad);
                }
            }
            UpdateMetrics m = new UpdateMetrics(it + 1, epoch, sum.loss, norm, lr, sum.targets, sum.steps,
                    (System.nanoTime() - t0) / 1e9, sum.kernelSeconds, validationLoss);
            record(m, history, listener);
            if (store != null && ((it + 1) % config.checkpointEvery() == 0 || last)) {
                save(store, new Checkpoint(it + 1, theta, optimizer.state(), config.seed(), it + 1, fingerprint,
                        Map.of("loss", Double.toString(sum.loss), "best_loss", Double.toString(best.loss),
                                "best_update", Long.toString(best.update), "bad_validations", Integer.toString(best.bad),
                                "stopped_early", Boolean.toString(best.stopped),
                                Cadence.SLICES_INFO, Integer.toString(config.slices()))));
            }
            done = it + 1;
            if (outOfTime) {
                LOG.info("time budget of {} s used after update {} of {}: stopping (a rerun resumes)",
                        config.maxSeconds(), done, total);
                break;
            }
        }
        boolean haveBest = best.theta != null;
        return new Result(theta, history, done, resumed, done == total || best.stopped,
                haveBest ? best.theta : theta, haveBest ? best.loss : Double.NaN, haveBest ? best.update : done,
                best.stopped);
    }

    void record(UpdateMetrics m, List<UpdateMetrics> history, Consumer<UpdateMetrics> listener) {
        history.add(m);
        LOG.debug("update {}", m.toJson());
        if (listener != null) listener.accept(m);
    }

    /**
     * One distributed pass: theta to the tasks, sum (dL/dtheta, L, #targets) over the selected sequences with
     * treeAggregate, then on the driver g = sum dL/dtheta / #targets + l2 theta_w (U, V, W). Returns the sum
     * with {@code loss} per target and {@code gradient} = g, or null when no target was selected.
     *
     * @throws TrainingDivergedException when the loss or the gradient is not finite
     */
    private GradientSum averagedGradient(JavaRDD<EncodedSequence> train, double[] theta, long iteration,
                                         PartitionGradient work, boolean checkpointing) {
        GradientSum sum = pass(train, theta, iteration, work, true);
        if (sum.targets == 0) {
            LOG.warn("update {} selected no targets (empty data or slice): parameters unchanged", iteration + 1);
            return null;
        }
        double[] g = sum.gradient;
        sum.loss /= sum.targets;
        double inv = 1.0 / sum.targets;
        for (int i = 0; i < g.length; i++) g[i] *= inv;
        double norm = Clipping.norm(g);
        if (!Double.isFinite(sum.loss) || !Double.isFinite(norm)) {
            throw new TrainingDivergedException(String.format(
                    "training diverged at update %d: loss %s, gradient norm %s. Parameters were not updated%s. "
                            + "Try a smaller learning rate or gradient clipping (clip.norm).",
                    iteration + 1, sum.loss, norm,
                    checkpointing ? "; the last good checkpoint in " + config.checkpointDir() + " is kept" : ""));
        }
        if (config.l2() > 0) L2.addGradient(config.l2(), network.weightRanges(), theta, g);
        return sum;
    }

    /**
     * The partitions' sums over {@code data} for update {@code iteration} (-1: every sequence), with theta sent
     * to the tasks in the work's precision ({@link TaskTheta}) and released after: one direct job over packed
     * data when the tree would have no level ({@link PartitionJob}), else mapPartitions + treeAggregate.
     */
    private GradientSum pass(JavaRDD<EncodedSequence> data, double[] theta, long iteration, PartitionGradient work,
                             boolean gradient) {
        TaskTheta shipped = TaskTheta.of(sc, theta, work.precision());
        try {
            if (data instanceof PackedSequences p && PartitionJob.flat(p.getNumPartitions(), config.aggregationDepth())) {
                return new PartitionJob(work, shipped, iteration, gradient).run(sc.sc(), p.packed());
            }
            return data.mapPartitions(records -> Collections.singletonList(
                            work.compute(records, shipped.value(), iteration, gradient)).iterator())
                    .treeAggregate(GradientSum.zero(), GradientSum::merge, GradientSum::merge, config.aggregationDepth());
        } finally {
            shipped.release();
        }
    }

    /**
     * One gradient pass over slice {@code slice} of {@code slices} with {@code theta}, as an update makes it
     * (theta to the tasks, gradients back, merged), applying nothing: what {@link Cadence} times. Returns the
     * wall-clock seconds and the slowest task's kernel seconds.
     */
    double[] timePass(JavaRDD<EncodedSequence> train, double[] theta, int slices, int slice) {
        PartitionGradient work = trainingWork(new Selection(config.seed(), slices));
        long t0 = System.nanoTime();
        GradientSum sum = pass(train, theta, slice, work, true);
        return new double[] {(System.nanoTime() - t0) / 1e9, sum.kernelSeconds};
    }

    /** The tasks' gradient work of training updates over the slices of {@code selection}. */
    private PartitionGradient trainingWork(Selection selection) {
        return new PartitionGradient(network, config.batchSize(), config.window(), selection, config.wordDropout(),
                config.precision());
    }

    /** Loss per target over all of {@code data}, forward only. */
    public double evaluate(JavaRDD<EncodedSequence> data, double[] theta) {
        return evaluate(data, theta, new PartitionGradient(network, config.batchSize(), config.window(),
                Selection.fullBatch(config.seed()), 0, config.precision()));
    }

    private double evaluate(JavaRDD<EncodedSequence> data, double[] theta, PartitionGradient work) {
        GradientSum s = pass(data, theta, -1, work, false);
        return s.targets == 0 ? Double.NaN : s.loss / s.targets;
    }

    /**
     * For items (a sequence, its alternatives: e.g. the same sentence under each other label), how many items
     * have a sequence loss strictly lower than each alternative's, and how many items there are. Forward only,
     * one sequence at a time.
     */
    public long[] preferred(JavaRDD<Tuple2<EncodedSequence, List<EncodedSequence>>> items, double[] theta) {
        Broadcast<double[]> bc = sc.broadcast(theta.clone());
        Network model = network;
        int window = config.window();
        try {
            return items.mapPartitions(it -> {
                Network.Scratch local = LocalKernel.of(model, 1, window);
                long[] counts = new long[2];
                while (it.hasNext()) {
                    Tuple2<EncodedSequence, List<EncodedSequence>> item = it.next();
                    double own = loss(local, item._1(), bc.value());
                    boolean lower = true;
                    for (EncodedSequence other : item._2()) lower &= own < loss(local, other, bc.value());
                    counts[0] += lower ? 1 : 0;
                    counts[1]++;
                }
                return Collections.singletonList(counts).iterator();
            }).fold(new long[2], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        } finally {
            bc.destroy();
        }
    }

    private static double loss(Network.Scratch local, EncodedSequence q, double[] theta) {
        local.clear();
        q.addTo(local);
        return local.forward(theta, null);
    }

    /** What a checkpoint must match to be resumed: the network and every setting that changes the result. */
    String fingerprint() {
        return network.describe() + " | " + config.fingerprint();
    }

    private CheckpointStore openStore() {
        return config.checkpointDir() == null ? null : openStore(config.checkpointDir(), config.checkpointKeep());
    }

    private CheckpointStore openStore(String dir, int keep) {
        try {
            return new CheckpointStore(sc.hadoopConfiguration(), dir, keep);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open checkpoint directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Checkpoint> latest(CheckpointStore store) {
        try {
            return store.latest();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoints: " + e.getMessage(), e);
        }
    }

    static void save(CheckpointStore store, Checkpoint c) {
        try {
            store.save(c);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + c + ": " + e.getMessage(), e);
        }
    }
}
