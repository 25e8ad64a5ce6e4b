package dev.sparkrnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EditDistanceTest {
    @Test
    void countsInsertionsDeletionsAndSubstitutions() {
        assertEquals(0, EditDistance.between(new int[] {1, 2, 3}, new int[] {1, 2, 3}));
        assertEquals(3, EditDistance.between(new int[0], new int[] {1, 2, 3}));
        assertEquals(2, EditDistance.between(new int[] {1, 2}, new int[0]));
        assertEquals(1, EditDistance.between(new int[] {1, 2, 3}, new int[] {1, 3}));       // deletion
        assertEquals(1, EditDistance.between(new int[] {1, 3}, new int[] {1, 2, 3}));       // insertion
        assertEquals(1, EditDistance.between(new int[] {1, 2, 3}, new int[] {1, 4, 3}));    // substitution
        // kitten -> sitting: 3
        assertEquals(3, EditDistance.between(new int[] {'k', 'i', 't', 't', 'e', 'n'}, new int[] {'s', 'i', 't', 't', 'i', 'n', 'g'}));
    }
}
