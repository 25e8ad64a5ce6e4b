package dev.sparkrnn.kernel;

/** A decoded sequence (without {@code <s>} and {@code </s>}) and its log-probability under the model. */
public record Decoded(int[] tokens, double logProbability, boolean finished) {
}
