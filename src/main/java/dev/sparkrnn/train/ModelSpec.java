package dev.sparkrnn.train;

import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import java.io.Serializable;

/** The model a trainer optimizes: shape, output head, where targets are. */
public record ModelSpec(RnnLayout layout, Head head, TargetMode mode) implements Serializable {
    public String fingerprint() {
        return "rnn D=" + layout.inputSize + (layout.oneHotInput ? "(one-hot)" : "(dense)") + " H=" + layout.hiddenSize
                + " K=" + layout.outputSize + " " + head + " " + mode;
    }
}
