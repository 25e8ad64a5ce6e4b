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

    public String toJson() {
        return String.format(Locale.ROOT,
                "{\"iteration\":%d,\"epoch\":%d,\"loss\":%.6f,\"grad_norm\":%.6g,\"lr\":%.6g,\"targets\":%d,"
                        + "\"steps\":%d,\"seconds\":%.4f,\"kernel_seconds\":%.4f,\"steps_per_s\":%.0f,"
                        + "\"outside_share\":%.4f%s}",
                iteration, epoch, loss, gradNorm, learningRate, targets, steps, seconds, kernelSeconds,
                stepsPerSecond(), outsideShare(),
                Double.isNaN(validationLoss) ? "" : String.format(Locale.ROOT, ",\"validation_loss\":%.6f", validationLoss));
    }
}
