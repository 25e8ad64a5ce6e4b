package dev.sparkrnn.kernel;

/**
 * Produces target sequences from sources with a trained encoder–decoder: greedy decoding, beam search and
 * sampling ({@link SequenceDecoder}, in float32 its generated twin SequenceDecoder32). Fill {@link #source()}
 * before each call. Not thread-safe: one per task.
 */
public interface SequenceSearch {

    /** The source batch to fill before each call (cleared): one sequence, or for the batched calls several. */
    SequenceBatch source();

    /** Greedy decoding for width 1, beam search otherwise, of the one source. */
    Decoded decode(int start, int end, int width, int maxLength);

    /** Greedy decoding for width 1, beam search otherwise, of every source, in the order they were added. */
    Decoded[] decodeAll(int start, int end, int width, int maxLength);

    /** Sampling from {@code <s>} and the prime (see {@link SequenceDecoder#sample}). */
    Decoded sample(int start, int end, int[] prime, int maxLength, double temperature, int topK, long seed);

    /** Sampling of every source, each with its prime and seed, together (see {@link SequenceDecoder#sampleAll}). */
    Decoded[] sampleAll(int start, int end, java.util.List<int[]> primes, int maxLength, double temperature, int topK,
                        long[] seeds);
}
