package dev.sparkrnn.train;

import dev.sparkrnn.kernel.BiRnnKernel;
import dev.sparkrnn.kernel.EncoderDecoderLayout;
import dev.sparkrnn.kernel.Head;
import dev.sparkrnn.kernel.Initializer;
import dev.sparkrnn.kernel.RnnLayout;
import dev.sparkrnn.kernel.TargetMode;
import java.io.Serializable;

/**
 * The model a trainer optimizes: shape, output head, where targets are, and which network: a single RNN, a
 * bidirectional RNN (two {@link RnnLayout} blocks in the flat vector, see {@link BiRnnKernel}), or an
 * encoder–decoder ({@code encoderDecoder} non-null; {@code layout} is then its decoder, with softmax targets
 * at every step).
 */
public record ModelSpec(RnnLayout layout, Head head, TargetMode mode, boolean bidirectional,
                        EncoderDecoderLayout encoderDecoder) implements Serializable {

    public ModelSpec {
        if (encoderDecoder != null && (bidirectional || !layout.equals(encoderDecoder.decoder)
                || head != Head.SOFTMAX_CROSS_ENTROPY || mode != TargetMode.EVERY_STEP)) {
            throw new IllegalArgumentException("an encoder-decoder's spec is its decoder with softmax targets at every step");
        }
    }

    /** A unidirectional RNN. */
    public ModelSpec(RnnLayout layout, Head head, TargetMode mode) {
        this(layout, head, mode, false, null);
    }

    /** A single or bidirectional RNN. */
    public ModelSpec(RnnLayout layout, Head head, TargetMode mode, boolean bidirectional) {
        this(layout, head, mode, bidirectional, null);
    }

    /** An encoder–decoder trained with teacher forcing. */
    public static ModelSpec encoderDecoder(EncoderDecoderLayout layout) {
        return new ModelSpec(layout.decoder, Head.SOFTMAX_CROSS_ENTROPY, TargetMode.EVERY_STEP, false, layout);
    }

    /** Length of the flat parameter vector. */
    public int parameterCount() {
        return encoderDecoder != null ? encoderDecoder.size() : layout.size() * (bidirectional ? 2 : 1);
    }

    /** The weight matrices (what L2 applies to, not the biases) as [from, to) offset pairs of the flat vector. */
    public int[] weightRanges() {
        if (encoderDecoder != null) {
            EncoderDecoderLayout e = encoderDecoder;
            int d = e.decoderBase();
            return new int[] {e.encoder.offU(), e.encoder.offBh(), d + e.decoder.offU(), d + e.decoder.offBh(),
                    e.offC(), e.size()};
        }
        int n = layout.size();
        return bidirectional ? new int[] {layout.offU(), layout.offBh(), n + layout.offU(), n + layout.offBh()}
                : new int[] {layout.offU(), layout.offBh()};
    }

    /** Seeded initial parameters. */
    public double[] initialParameters(long seed, double recurrentGain) {
        if (encoderDecoder != null) return encoderDecoder.initialize(seed, recurrentGain);
        return bidirectional ? BiRnnKernel.initialize(layout, seed, recurrentGain)
                : Initializer.initialize(layout, seed, recurrentGain);
    }

    public String fingerprint() {
        String decoder = "D=" + layout.inputSize + (layout.oneHotInput ? "(one-hot)" : "(dense)")
                + " H=" + layout.hiddenSize + " K=" + layout.outputSize + " " + head + " " + mode;
        if (encoderDecoder != null) {
            RnnLayout e = encoderDecoder.encoder;
            return "encdec source D=" + e.inputSize + (e.oneHotInput ? "(one-hot)" : "(dense)")
                    + (encoderDecoder.feedContext ? " context-fed" : "") + " decoder " + decoder;
        }
        return (bidirectional ? "birnn " : "rnn ") + decoder;
    }
}
