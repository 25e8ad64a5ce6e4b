package dev.sparkrnn.optim;

import java.util.Locale;

/**
 * The learning rate of update t (0-based): {@code constant}; {@code step}: lr * gamma^floor(t / every);
 * {@code exponential}: lr * gamma^(t / every); {@code cosine}: lr * (minFraction + (1 - minFraction)
 * (1 + cos(pi min(t, total) / total)) / 2). Any of them may start with a linear warm-up of
 * {@code warmup} updates.
 */
public record LearningRateSchedule(String kind, double lr, double gamma, long every, long total, double minFraction,
                                   long warmup) {
    public LearningRateSchedule {
        kind = kind.toLowerCase(Locale.ROOT);
        if (!(lr > 0)) throw new IllegalArgumentException("learning rate must be positive: " + lr);
        switch (kind) {
            case "constant" -> { }
            case "step", "exponential" -> {
                if (every <= 0) throw new IllegalArgumentException(kind + " schedule needs every > 0");
                if (!(gamma > 0)) throw new IllegalArgumentException(kind + " schedule needs gamma > 0");
            }
            case "cosine" -> {
                if (total <= 0) throw new IllegalArgumentException("cosine schedule needs total > 0");
            }
            default -> throw new IllegalArgumentException("unknown schedule '" + kind
                    + "' (expected constant, step, exponential or cosine)");
        }
    }

    public static LearningRateSchedule constant(double lr) {
        return new LearningRateSchedule("constant", lr, 1, 1, 1, 0, 0);
    }

    public double at(long t) {
        double base = switch (kind) {
            case "step" -> lr * Math.pow(gamma, Math.floorDiv(t, every));
            case "exponential" -> lr * Math.pow(gamma, (double) t / every);
            case "cosine" -> lr * (minFraction + (1 - minFraction) * (1 + Math.cos(Math.PI * Math.min(t, total) / total)) / 2);
            default -> lr;
        };
        return warmup > 0 && t < warmup ? base * (t + 1) / warmup : base;
    }
}
