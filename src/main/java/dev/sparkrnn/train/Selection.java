package dev.sparkrnn.train;

import dev.sparkrnn.data.Mix;
import java.io.Serializable;

/**
 * Which sequences an update uses, as a pure function of (seed, epoch, sequence id): so the choice does not
 * depend on partitioning, and a resumed run picks exactly what the uninterrupted run picked. Full batch:
 * every sequence, every update. Mini-batch: each epoch deals the sequences at random into
 * {@code slices} slices; update i uses slice i mod slices of epoch i / slices, so every sequence is used
 * once per epoch.
 */
public record Selection(long seed, int slices) implements Serializable {

    public Selection {
        if (slices <= 0) throw new IllegalArgumentException("slices must be positive: " + slices);
    }

    public static Selection fullBatch(long seed) {
        return new Selection(seed, 1);
    }

    public long epochOf(long iteration) {
        return iteration / slices;
    }

    public boolean selected(long iteration, long id) {
        if (slices == 1) return true;
        long epoch = iteration / slices;
        int slice = (int) (iteration % slices);
        return Math.floorMod(Mix.hash(seed, epoch, id), slices) == slice;
    }

}
