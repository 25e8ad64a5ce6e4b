package dev.sparkrnn.persist;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a training run needs to continue exactly where it stopped: the parameters, the optimizer's
 * state, the number of updates done, the seed the data sampling and RNG streams derive from, the data
 * position (which slice or epoch comes next), and the best validation figure so far. A rerun restores it
 * and ends with exactly the parameters of an uninterrupted run.
 *
 * @param iteration      updates completed
 * @param params         theta (the flat parameter vector)
 * @param optimizerState the optimizer's flat state (moments, step count)
 * @param seed           the run's seed (random streams are derived from seed and iteration)
 * @param dataPosition   the next data slice / epoch position
 * @param fingerprint    identifies the model shape and training configuration: resuming with another
 *                       configuration is refused
 * @param info           small string metadata (metrics, versions), not needed to resume
 */
public record Checkpoint(long iteration, double[] params, double[] optimizerState, long seed, long dataPosition,
                         String fingerprint, Map<String, String> info) {

    public Checkpoint {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(optimizerState, "optimizerState");
        Objects.requireNonNull(fingerprint, "fingerprint");
        info = info == null ? Map.of() : Map.copyOf(info);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && iteration == c.iteration && seed == c.seed
                && dataPosition == c.dataPosition && Arrays.equals(params, c.params)
                && Arrays.equals(optimizerState, c.optimizerState) && fingerprint.equals(c.fingerprint)
                && info.equals(c.info);
    }

    @Override
    public int hashCode() {
        return Objects.hash(iteration, seed, dataPosition, Arrays.hashCode(params), Arrays.hashCode(optimizerState),
                fingerprint, info);
    }

    @Override
    public String toString() {
        return "Checkpoint(iteration=" + iteration + ", " + params.length + " params, " + optimizerState.length
                + " optimizer values, seed=" + seed + ", dataPosition=" + dataPosition + ")";
    }
}
