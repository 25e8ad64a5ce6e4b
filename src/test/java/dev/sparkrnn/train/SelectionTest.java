package dev.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link Selection} deals the sequences of each epoch into its slices: full batch takes every id every update;
 * with n slices each id is in exactly one update of each epoch, the slices are about even (binomial, 5 sigma),
 * each epoch deals anew, and the choice is a pure function of (seed, iteration, id).
 */
class SelectionTest {
    static final int IDS = 10_000;

    /** The slice (update within the epoch) that selects each id, asserting there is exactly one. */
    static int[] dealing(Selection s, long epoch) {
        int n = s.slices();
        int[] sliceOf = new int[IDS];
        for (int id = 0; id < IDS; id++) {
            int found = -1, count = 0;
            for (int j = 0; j < n; j++) {
                if (s.selected(epoch * n + j, id)) {
                    found = j;
                    count++;
                }
            }
            assertEquals(1, count, "id " + id + " in epoch " + epoch + " is selected by " + count + " updates");
            sliceOf[id] = found;
        }
        return sliceOf;
    }

    @Test
    void fullBatchSelectsEveryIdEveryUpdate() {
        for (Selection s : new Selection[] {Selection.fullBatch(3), new Selection(-7, 1)}) {
            for (long it = 0; it < 5; it++) {
                for (long id = 0; id < IDS; id++) assertTrue(s.selected(it, id), "update " + it + ", id " + id);
                assertEquals(it, s.epochOf(it), "full batch: one update per epoch");
            }
            assertTrue(s.selected(1_000_000_007L, Long.MAX_VALUE));
        }
    }

    @Test
    void eachEpochDealsEveryIdIntoExactlyOneRoughlyEvenSlice() {
        for (int n : new int[] {2, 7}) {
            Selection s = new Selection(42, n);
            double p = 1.0 / n;
            double mean = IDS * p, sigma = Math.sqrt(IDS * p * (1 - p));
            int[][] byEpoch = new int[3][];
            for (int epoch = 0; epoch < 3; epoch++) {
                int[] sliceOf = dealing(s, epoch);
                byEpoch[epoch] = sliceOf;
                int[] sizes = new int[n];
                for (int slice : sliceOf) sizes[slice]++;
                for (int j = 0; j < n; j++) {
                    assertTrue(Math.abs(sizes[j] - mean) <= 5 * sigma, "n=" + n + " epoch " + epoch + ": slice " + j
                            + " holds " + sizes[j] + " ids, expected " + mean + " +- " + 5 * sigma);
                }
            }
            // each epoch deals anew: about (n-1)/n of the ids change slice from one epoch to the next
            for (int epoch = 1; epoch < 3; epoch++) {
                int moved = 0;
                for (int id = 0; id < IDS; id++) if (byEpoch[epoch][id] != byEpoch[epoch - 1][id]) moved++;
                double expected = IDS * (1 - p), sd = Math.sqrt(IDS * p * (1 - p));
                assertTrue(Math.abs(moved - expected) <= 5 * sd, "n=" + n + ": " + moved + " ids changed slice between epochs "
                        + (epoch - 1) + " and " + epoch + ", expected about " + expected);
            }
        }
    }

    @Test
    void selectionIsAPureFunctionOfSeedIterationAndId() throws Exception {
        int n = 5;
        Selection a = new Selection(11, n), same = new Selection(11, n), other = new Selection(12, n);
        // the same Selection shipped to an executor (serialized) agrees too
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(a);
        }
        Selection shipped;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            shipped = (Selection) in.readObject();
        }
        int differ = 0;
        // asked in a different order (ids descending, updates descending): same answers
        for (long it = 3 * n - 1; it >= 0; it--) {
            for (long id = IDS - 1; id >= 0; id--) {
                boolean x = a.selected(it, id);
                assertEquals(x, same.selected(it, id), "update " + it + ", id " + id);
                assertEquals(x, shipped.selected(it, id), "update " + it + ", id " + id + " after serialization");
                if (x != other.selected(it, id)) differ++;
            }
        }
        // another seed deals differently: an id agrees on a given update with probability (1/n)^2 + (1-1/n)^2
        double pDiffer = 2.0 * (1.0 / n) * (1 - 1.0 / n);
        double trials = 3.0 * n * IDS;
        assertTrue(Math.abs(differ - trials * pDiffer) <= 5 * Math.sqrt(trials * pDiffer * (1 - pDiffer)),
                differ + " of " + (long) trials + " answers differ between seeds 11 and 12, expected about " + trials * pDiffer);
        // ids far from the test range and huge iterations are dealt too
        int hits = 0;
        for (int j = 0; j < n; j++) if (a.selected(1_000_000L * n + j, Long.MAX_VALUE - 3)) hits++;
        assertEquals(1, hits);
    }

    @Test
    void epochOfCountsWholeEpochs() {
        Selection s = new Selection(1, 7);
        assertEquals(0, s.epochOf(0));
        assertEquals(0, s.epochOf(6));
        assertEquals(1, s.epochOf(7));
        assertEquals(2, s.epochOf(20));
        assertEquals(3, s.epochOf(21));
        assertEquals(142857, s.epochOf(999_999));
    }

    @Test
    void slicesMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Selection(1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Selection(1, -3));
        assertTrue(e.getMessage().contains("-3"), e.getMessage());
    }
}
