package dev.sparkrnn.optim;

import java.util.Locale;

/**
 * Updates the flat parameter vector from a gradient. Life cycle: construct for a parameter count, then
 * {@link #step} once per update with that update's learning rate. {@link #state()} is the optimizer's
 * whole memory (moments, step count) as one live array, so a checkpoint saves it with the parameters and
 * restoring it is a copy into that array.
 */
public interface Optimizer {
    /** theta := update(theta, g) in place, with learning rate {@code lr}. */
    void step(double[] theta, double[] g, double lr);

    /** The optimizer's state as one array (live view: restoring writes into it). */
    double[] state();

    /** Copies a saved state back (same length required). */
    default void restore(double[] saved) {
        double[] s = state();
        if (saved.length != s.length) {
            throw new IllegalArgumentException("optimizer state has " + saved.length + " values, expected " + s.length);
        }
        System.arraycopy(saved, 0, s, 0, s.length);
    }

    /**
     * By name: {@code sgd} (with {@code momentum} > 0: heavy-ball momentum), {@code adagrad},
     * {@code rmsprop}, {@code adam}. {@code beta1}/{@code beta2} are Adam's; {@code rho} is RMSProp's decay.
     */
    static Optimizer create(String name, int size, double momentum, double beta1, double beta2, double rho,
                            double epsilon) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sgd" -> new Sgd(size, momentum);
            case "adagrad" -> new Adagrad(size, epsilon);
            case "rmsprop" -> new RmsProp(size, rho, epsilon);
            case "adam" -> new Adam(size, beta1, beta2, epsilon);
            default -> throw new IllegalArgumentException("unknown optimizer '" + name
                    + "' (expected sgd, adagrad, rmsprop or adam)");
        };
    }
}
