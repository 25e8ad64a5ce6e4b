package dev.sparkrnn.train;

/** The loss or the gradient became NaN or infinite: training stopped, the last good checkpoint is kept. */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
