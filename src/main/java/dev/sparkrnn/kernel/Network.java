package dev.sparkrnn.kernel;

import java.io.Serializable;

/**
 * A network the trainer, the checkpoints and inference see: its parameters are one flat vector theta, and a
 * caller fills the batches of a {@link Scratch} and runs the loss, its gradient or the forward pass on them.
 * Implemented by the unidirectional RNN ({@link RnnNetwork}), the bidirectional RNN
 * ({@link BidirectionalNetwork}) and the encoder–decoder ({@link EncoderDecoderNetwork}); each is a value
 * (equal networks have equal sizes, head and target mode) and serializable, so a task can ship it.
 *
 * <p>The scored RNN ({@link #layout()}, {@link #head()}, {@link #mode()}) is the one whose outputs y^ the loss
 * reads: the RNN itself, each direction of a bidirectional RNN, or the decoder of an encoder–decoder.
 */
public interface Network extends Serializable {

    /** A unidirectional RNN. */
    static Network rnn(RnnLayout layout, Head head, TargetMode mode) {
        return new RnnNetwork(layout, head, mode);
    }

    /** A bidirectional RNN (two {@code layout} blocks: forward, then backward). */
    static Network bidirectional(RnnLayout layout, Head head, TargetMode mode) {
        return new BidirectionalNetwork(layout, head, mode);
    }

    /** An encoder–decoder, trained by teacher forcing (softmax targets at every decoder step). */
    static Network encoderDecoder(EncoderDecoderLayout layout) {
        return new EncoderDecoderNetwork(layout);
    }

    /** The scored RNN's layout: D, H, K of the batch a caller fills with targets. */
    RnnLayout layout();

    Head head();

    TargetMode mode();

    /** Length of the flat parameter vector. */
    int parameterCount();

    /** The weight matrices (what L2 applies to, not the biases) as [from, to) offset pairs of the flat vector. */
    int[] weightRanges();

    /** Seeded initial parameters. */
    double[] initialize(long seed, double recurrentGain);

    /** True when each record also carries a source sequence, read by an encoder before the scored RNN runs. */
    boolean readsSource();

    /** The sizes and kind, in words; what a checkpoint must match. */
    String describe();

    /**
     * The batches and workspace of one caller, for batches of up to {@code maxBatch} sequences: a
     * unidirectional RNN truncates BPTT at {@code window}; networks that read whole sequences start at that
     * length and grow (once per longer sequence) when a batch holds a longer one.
     */
    default Scratch scratch(Blas blas, int maxBatch, int window) {
        return scratch(blas, maxBatch, window, Precision.FLOAT64);
    }

    /**
     * The same computing in {@code precision}: float64, or float32 through the kernels the build generates
     * (parameters rounded to float32 once per batch, the gradient added into the caller's float64 buffer).
     */
    Scratch scratch(Blas blas, int maxBatch, int window, Precision precision);

    /**
     * What one caller fills and runs: {@link #batch()} (inputs and targets of the scored RNN) and, for a
     * network that {@link #readsSource() reads a source}, {@link #source()}, filled in the same order. The
     * methods below pack the batches; the {@link RnnKernel.OutputSink}'s slots refer to {@link #batch()}.
     * Nothing is allocated per batch once the workspace has reached the longest sequence.
     */
    interface Scratch {
        SequenceBatch batch();

        /** The encoder's batch. @throws UnsupportedOperationException when the network reads no source */
        SequenceBatch source();

        /** Sequences in the batch. */
        default int size() {
            return batch().size();
        }

        /** Time steps of the packed batches (the encoder's too). */
        long steps();

        /** Empties the batches, keeping their arrays. */
        void clear();

        /** Loss of the batch; dL/dtheta added into {@code grad}. */
        double lossAndGradient(double[] theta, double[] grad);

        /** Loss of the batch's targets, y^ to the sink (may be null); forward only. */
        double forward(double[] theta, RnnKernel.OutputSink sink);

        /** Bytes of the workspace (batch x window x H). */
        long bytes();
    }
}
