package dev.sparkrnn.train;

import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.SequenceBlock;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.TargetMode;
import dev.sparkrnn.persist.Checkpoint;
import dev.sparkrnn.persist.CheckpointStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.optimization.LBFGS;
import org.apache.spark.mllib.optimization.SimpleUpdater;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/** The L-BFGS optimizer of {@link DistributedTrainer} (optimizer = lbfgs). */
final class LbfgsTraining {
    private static final Logger LOG = LoggerFactory.getLogger(LbfgsTraining.class);

    private final JavaSparkContext sc;
    private final Network network;
    private final TrainerConfig config;
    private final DistributedTrainer trainer;

    LbfgsTraining(JavaSparkContext sc, Network network, TrainerConfig config, DistributedTrainer trainer) {
        this.sc = sc;
        this.network = network;
        this.config = config;
        this.trainer = trainer;
    }

    /**
     * Full-batch L-BFGS through MLlib's {@code LBFGS.runLBFGS} (Breeze's L-BFGS underneath, the optimizer of
     * MLlib's multilayer perceptron): the data is regrouped into blocks of a kernel batch, one record each,
     * and {@link BlockGradient} runs the batched kernel per block. One "update" is one L-BFGS iteration (its
     * line search may evaluate the full gradient more than once). L-BFGS runs in chunks of
     * {@code checkpointEvery} iterations with a checkpoint after each; a chunk starts a fresh curvature
     * memory, so a resumed run repeats exactly what the uninterrupted run did. Returns the iterations done.
     */
    long run(JavaRDD<EncodedSequence> train, JavaRDD<EncodedSequence> validation, double[] theta, long start,
                       CheckpointStore store, String fingerprint, Consumer<UpdateMetrics> listener,
                       List<UpdateMetrics> history) {
        if (network.readsSource()) {
            throw new IllegalArgumentException("L-BFGS is not available for encoder-decoder models (its blocks carry no"
                    + " source sequences): use adam, rmsprop, adagrad or sgd");
        }
        if (config.slices() != 1) {
            throw new IllegalArgumentException("L-BFGS is full batch: use slices = 1 (train.slices), got " + config.slices());
        }
        int bs = config.batchSize();
        JavaRDD<Tuple2<Object, Vector>> blocks = train.mapPartitions(it -> {
            List<Tuple2<Object, Vector>> out = new ArrayList<>();
            List<EncodedSequence> cur = new ArrayList<>();
            while (it.hasNext()) {
                cur.add(it.next());
                if (cur.size() == bs || !it.hasNext()) {
                    out.add(new Tuple2<>(0.0, Vectors.dense(SequenceBlock.encode(cur))));
                    cur.clear();
                }
            }
            return out.iterator();
        }).persist(StorageLevel.MEMORY_AND_DISK());
        TargetMode mode = network.mode();
        long blockCount = blocks.count();
        // targets and time steps in one pass
        long[] counts = train.map(r -> new long[] {r.targetCount(mode), r.length})
                .fold(new long[2], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        long targets = counts[0];
        long steps = counts[1];
        if (targets == 0) throw new IllegalArgumentException("no training targets");
        // MLlib divides the summed block results by the number of blocks: each block adds its loss scaled by
        // blocks / targets (a mean over targets in the end) and the whole L2 term (a mean over blocks of it)
        BlockGradient gradient = new BlockGradient(network, bs, config.window(), (double) blockCount / targets, config.l2());
        long total = config.updates();
        long it = start;
        try {
            while (it < total) {
                int chunk = (int) Math.min(store == null ? total - it : config.checkpointEvery(), total - it);
                sc.setJobDescription(String.format("L-BFGS iterations %d-%d of %d", it + 1, it + chunk, total));
                long t0 = System.nanoTime();
                Tuple2<Vector, double[]> r = LBFGS.runLBFGS(
                        blocks.rdd(), gradient, new SimpleUpdater(), 10, 1e-9, chunk,
                        0.0, Vectors.dense(theta.clone()));
                double[] losses = r._2();
                for (double l : losses) {
                    if (!Double.isFinite(l)) {
                        throw new TrainingDivergedException("L-BFGS diverged after iteration " + it + ": loss " + l);
                    }
                }
                System.arraycopy(r._1().toArray(), 0, theta, 0, theta.length);
                int iterations = Math.max(1, losses.length - 1);
                double seconds = (System.nanoTime() - t0) / 1e9 / iterations;
                boolean converged = losses.length - 1 < chunk;
                for (int i = 1; i <= iterations; i++) {
                    boolean lastOfChunk = i == iterations;
                    double validationLoss = lastOfChunk && validation != null ? trainer.evaluate(validation, theta) : Double.NaN;
                    trainer.record(new UpdateMetrics(it + i, it + i, losses[Math.min(i, losses.length - 1)], Double.NaN, Double.NaN,
                            targets, steps, seconds, Double.NaN, validationLoss), history, listener);
                }
                it += iterations;
                if (converged) {
                    LOG.info("L-BFGS converged after {} iterations", it);
                    it = total;
                }
                if (store != null) {
                    DistributedTrainer.save(store, new Checkpoint(it, theta, new double[0], config.seed(), it, fingerprint,
                            Map.of("loss", Double.toString(losses[losses.length - 1]))));
                }
            }
        } finally {
            blocks.unpersist(false);
        }
        return it;
    }
}
