package dev.sparkrnn.infer;

import dev.sparkrnn.data.Vocabulary;
import dev.sparkrnn.kernel.Blas;
import dev.sparkrnn.kernel.Decoded;
import dev.sparkrnn.kernel.EncoderDecoderNetwork;
import dev.sparkrnn.kernel.Network;
import dev.sparkrnn.kernel.RnnKernel;
import dev.sparkrnn.kernel.Sampler;
import dev.sparkrnn.kernel.SequenceBatch;
import dev.sparkrnn.kernel.SequenceDecoder;

/**
 * Seeded sampling (one-to-many generation): from a language model (a unidirectional RNN whose outputs are
 * its inputs), the tokens after a prime; from a conditional model (an encoder–decoder over a one-step label
 * source), a sequence for a label, from {@code <s>} to {@code </s>}. Temperature scales the logits; top k
 * (0: all) restricts the draw; the same seed gives the same tokens.
 */
public final class Generator {
    private final double temperature;
    private final int topK;

    public Generator(double temperature, int topK) {
        if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be positive: " + temperature);
        this.temperature = temperature;
        this.topK = topK;
    }

    /** {@code length} tokens sampled after the prime (at least one token) from a language model. */
    public int[] continuation(Network languageModel, double[] theta, int[] prime, int length, long seed) {
        return continuations(languageModel, theta, java.util.List.of(prime), length, new long[] {seed})[0];
    }

    /**
     * {@link #continuation} of each prime with its seed, the sequences advancing together (one batch per step):
     * for each, what continuing it alone gives.
     */
    public int[][] continuations(Network languageModel, double[] theta, java.util.List<int[]> primes, int length,
                                 long[] seeds) {
        if (languageModel.readsSource()) throw new IllegalArgumentException("not a language model: " + languageModel.describe());
        return new Sampler(new RnnKernel(languageModel.layout(), Blas.best()), theta, primes.size())
                .sampleAll(primes, length, temperature, topK, seeds);
    }

    /** Sampler of a conditional model: sequences given a label index of its one-step source. */
    public Conditional conditional(EncoderDecoderNetwork model, double[] theta) {
        return conditional(model, theta, 1);
    }

    /** The same sampling up to {@code batch} sequences together ({@link Conditional#sampleAll}). */
    public Conditional conditional(EncoderDecoderNetwork model, double[] theta, int batch) {
        return new Conditional(model.decoder(Blas.best(), theta, batch, 1));
    }

    /** Samples of one conditional model; one decoder serves every call. */
    public final class Conditional {
        private final SequenceDecoder decoder;

        private Conditional(SequenceDecoder decoder) {
            this.decoder = decoder;
        }

        /** A sequence for {@code label}: the prime, then sampled tokens, at most {@code maxLength} in all. */
        public Decoded sample(int label, int[] prime, int maxLength, long seed) {
            return sampleAll(new int[] {label}, prime, maxLength, new long[] {seed})[0];
        }

        /** A sequence for each label with its seed, sampled together: each as {@link #sample} gives it. */
        public Decoded[] sampleAll(int[] labels, int[] prime, int maxLength, long[] seeds) {
            SequenceBatch b = decoder.source();
            java.util.List<int[]> primes = new java.util.ArrayList<>(labels.length);
            for (int label : labels) {
                b.setToken(b.addSequence(1), 0, label);
                primes.add(prime);
            }
            return decoder.sampleAll(Vocabulary.START_INDEX, Vocabulary.END_INDEX, primes, maxLength, temperature, topK,
                    seeds);
        }
    }
}
