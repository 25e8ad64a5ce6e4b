package dev.sparkrnn.train;

import java.util.Locale;

/**
 * One update's figures, as logged and written as a JSON line.
 *
 * @param iteration      update number (1-based: updates done after this one)
 * @param epoch          epoch of this update (1-based)
 * @param loss           training loss per target of the data this update used
 * @param gradNorm       global L2 norm of the averaged gradient before clipping
 * @param learningRate   learning rate used
 * @param targets        targets counted
 * @param steps          time steps computed
 * @param seconds        wall time of the update
 * @param kernelSeconds  the slowest task's time in the kernel
 * @param validationLoss validation loss per target, or NaN when not evaluated at this update
 */
public record UpdateMetrics(long iteration, long epoch, double loss, double gradNorm, double learningRate, long targets,
                            long steps, double seconds, double kernelSeconds, double validationLoss) {

    public double stepsPerSecond() {
        return steps / seconds;
    }

    /** Share of the update spent outside the kernel: scheduling, aggregation, broadcast, driver update. */
    public double outsideShare() {
        return Math.max(0, 1 - kernelSeconds / seconds);
    }

    /** One JSON object; figures that do not apply (NaN, e.g. the learning rate of L-BFGS) are null. */
    public String toJson() {
        return "{\"iteration\":" + iteration + ",\"epoch\":" + epoch + ",\"loss\":" + num("%.6f", loss)
                + ",\"grad_norm\":" + num("%.6g", gradNorm) + ",\"lr\":" + num("%.6g", learningRate)
                + ",\"targets\":" + targets + ",\"steps\":" + steps + ",\"seconds\":" + num("%.4f", seconds)
                + ",\"kernel_seconds\":" + num("%.4f", kernelSeconds) + ",\"steps_per_s\":" + num("%.0f", stepsPerSecond())
                + ",\"outside_share\":" + num("%.4f", Double.isNaN(kernelSeconds) ? Double.NaN : outsideShare())
                + (Double.isNaN(validationLoss) ? "" : ",\"validation_loss\":" + num("%.6f", validationLoss)) + "}";
    }

    private static String num(String format, double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "null";
    }
}
