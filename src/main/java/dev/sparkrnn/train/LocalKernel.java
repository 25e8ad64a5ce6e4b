package dev.sparkrnn.train;

import dev.sparkrnn.kernel.Blas;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.Precision;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scratch of a network (its batches and workspace), one per executor thread, kept across tasks and
 * updates while the network, batch size and window stay the same (a workspace is batch x window x H: tens of
 * MB). Every task-side computation (gradients, L-BFGS blocks, confusion counts) goes through it.
 */
final class LocalKernel {
    private record Key(Network network, int batchSize, int window, Precision precision) { }

    private static final ThreadLocal<Key> KEY = new ThreadLocal<>();
    private static final ThreadLocal<Network.Scratch> SCRATCH = new ThreadLocal<>();
    private static final Logger LOG = LoggerFactory.getLogger(LocalKernel.class);
    /** Whether this JVM (an executor, or the driver in local mode) has said which BLAS its kernel runs on. */
    private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();

    private LocalKernel() {
    }

    /** Whether this JVM is an executor (not the driver, which runs the tasks itself in local mode). */
    private static boolean onExecutor() {
        org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
        return env != null && !"driver".equals(env.executorId());   // SparkContext.DRIVER_IDENTIFIER
    }

    /** This thread's scratch for the network, batches of up to {@code batchSize}, window {@code window}; its batches are empty. */
    static Network.Scratch of(Network network, int batchSize, int window) {
        return of(network, batchSize, window, Precision.FLOAT64);
    }

    /** The same computing in {@code precision}. */
    static Network.Scratch of(Network network, int batchSize, int window, Precision precision) {
        Key key = new Key(network, batchSize, window, precision);
        Network.Scratch s = SCRATCH.get();
        if (s == null || !key.equals(KEY.get())) {
            if (ANNOUNCED.compareAndSet(false, true) && onExecutor()) {   // the driver says it in its first line
                LOG.info("spark-rnn kernel on this JVM: BLAS {}, {}", Blas.best().name(), precision.setting());
            }
            s = network.scratch(Blas.best(), batchSize, window, precision);
            KEY.set(key);
            SCRATCH.set(s);
        }
        s.clear();
        return s;
    }
}
