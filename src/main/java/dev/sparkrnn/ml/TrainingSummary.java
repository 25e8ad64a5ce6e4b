package dev.sparkrnn.ml;

import dev.sparkrnn.train.UpdateMetrics;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What a fit reports, as MLlib models carry a training summary: the figures the model's metadata keeps
 * ({@code validation_loss}, {@code validation_accuracy}, {@code validation_macro_f1}, the input counts, the
 * update chosen, ...) and the metrics of every update (loss, gradient norm, learning rate, steps per second,
 * validation loss when it was measured); the history is empty for a model read from disk.
 */
public record TrainingSummary(Map<String, Object> figures, List<UpdateMetrics> history) implements Serializable {
    public TrainingSummary {
        figures = Map.copyOf(figures);
        history = List.copyOf(history);
    }

    /** A figure as a number (NaN when there is none, or it is not a number). */
    public double figure(String name) {
        Object v = figures.get(name);
        if (v instanceof Number n) return n.doubleValue();
        try {
            return v == null ? Double.NaN : Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
