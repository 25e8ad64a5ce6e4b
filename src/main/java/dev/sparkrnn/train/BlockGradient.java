package dev.sparkrnn.train;

import dev.sparkrnn.data.EncodedSequence;
import dev.sparkrnn.data.SequenceBlock;
import dev.sparkrnn.kernel.Network;
import java.util.List;
import org.apache.spark.mllib.linalg.DenseVector;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.optimization.Gradient;

/**
 * MLlib's {@link Gradient} over a block of sequences (one record of the L-BFGS data is a
 * {@link SequenceBlock} of up to a kernel batch): runs the batched kernel and adds
 * {@code scale * dL/dtheta + l2 theta_w} into MLlib's cumulative gradient. MLlib divides by the number of
 * blocks; {@code scale = blocks / targets} turns the loss into the mean over all targets, and the L2 term,
 * added once per block, into itself, whatever the blocking.
 */
final class BlockGradient extends Gradient {
    private static final long serialVersionUID = 1L;
    private final Network network;
    private final int batchSize;
    private final int window;
    private final double scale;
    private final double l2;

    private transient ThreadLocal<double[]> buffer;

    BlockGradient(Network network, int batchSize, int window, double scale, double l2) {
        this.network = network;
        this.batchSize = batchSize;
        this.window = window;
        this.scale = scale;
        this.l2 = l2;
    }

    @Override
    public double compute(Vector data, double label, Vector weights, Vector cumGradient) {
        double[] theta = ((DenseVector) weights).values();
        double[] cum = ((DenseVector) cumGradient).values();
        if (buffer == null) buffer = ThreadLocal.withInitial(() -> new double[theta.length]);
        double[] g = buffer.get();
        java.util.Arrays.fill(g, 0.0);
        List<EncodedSequence> block = SequenceBlock.decode(((DenseVector) data).values(), network.layout().inputSize);
        Network.Scratch local = LocalKernel.of(network, Math.max(batchSize, block.size()), window);
        for (EncodedSequence q : block) {
            q.addTo(local);
        }
        double loss = local.lossAndGradient(theta, g);
        for (int i = 0; i < cum.length; i++) cum[i] += scale * g[i];
        return scale * loss + (l2 > 0 ? L2.addGradient(l2, network.weightRanges(), theta, cum) : 0);
    }
}
