package dev.sparkrnn.train;

import dev.sparkrnn.kernel.BiRnnKernel;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.Initializer;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import java.io.Serializable;

/**
 * The model a trainer optimizes: shape, output head, where targets are, and whether it is a bidirectional
 * RNN (two {@link RnnLayout} blocks in the flat vector, see {@link BiRnnKernel}).
 */
public record ModelSpec(RnnLayout layout, Head head, TargetMode mode, boolean bidirectional) implements Serializable {

    /** A unidirectional RNN. */
    public ModelSpec(RnnLayout layout, Head head, TargetMode mode) {
        this(layout, head, mode, false);
    }

    /** Length of the flat parameter vector. */
    public int parameterCount() {
        return layout.size() * (bidirectional ? 2 : 1);
    }

    /** Where each RNN block starts in the flat vector. */
    public int[] blockOffsets() {
        return bidirectional ? new int[] {0, layout.size()} : new int[] {0};
    }

    /** Seeded initial parameters. */
    public double[] initialParameters(long seed, double recurrentGain) {
        return bidirectional ? BiRnnKernel.initialize(layout, seed, recurrentGain)
                : Initializer.initialize(layout, seed, recurrentGain);
    }

    public String fingerprint() {
        return (bidirectional ? "birnn" : "rnn") + " D=" + layout.inputSize + (layout.oneHotInput ? "(one-hot)" : "(dense)")
                + " H=" + layout.hiddenSize + " K=" + layout.outputSize + " " + head + " " + mode;
    }
}
