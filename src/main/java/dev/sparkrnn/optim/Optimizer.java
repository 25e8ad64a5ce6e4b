package dev.sparkrnn.optim;

/**
 * Updates the flat parameter vector from a gradient. Life cycle: construct for a parameter count,
 * {@link #step} once per update; {@link #state()} is the optimizer's memory (moments, step count) as
 * one flat array, so checkpoints save and restore it with the parameters.
 */
public interface Optimizer {
    /** theta := update(theta, g), in place. */
    void step(double[] theta, double[] g);

    /** The optimizer's state as one array (live view: restoring writes into it). */
    double[] state();
}
