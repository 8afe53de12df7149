package org.emolake.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {

    private static int[] labels() {
        // class 0: 50 rows, class 1: 30, class 2: 7, class 3: 2, class 4: 1; interleaved
        int[] counts = {50, 30, 7, 2, 1};
        return IntStream.range(0, counts.length).flatMap(c -> IntStream.generate(() -> c).limit(counts[c]))
                .map(x -> x).toArray();
    }

    @Test
    void partitionsTheRowsWithEightyTwentyPerClass() {
        int[] labels = labels();
        StratifiedSplit.Split split = StratifiedSplit.split(labels, 0.2, 42);
        Set<Integer> all = new HashSet<>();
        Arrays.stream(split.train()).forEach(all::add);
        Arrays.stream(split.test()).forEach(i -> assertTrue(all.add(i), "row in both parts: " + i));
        assertEquals(labels.length, all.size());
        int[] expectedTest = {10, 6, 1, 1, 0};
        for (int c = 0; c < expectedTest.length; c++) {
            final int cls = c;
            assertEquals(expectedTest[c], Arrays.stream(split.test()).filter(i -> labels[i] == cls).count(), "class " + c);
        }
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        int[] labels = labels();
        StratifiedSplit.Split a = StratifiedSplit.split(labels, 0.2, 42);
        StratifiedSplit.Split b = StratifiedSplit.split(labels, 0.2, 42);
        StratifiedSplit.Split c = StratifiedSplit.split(labels, 0.2, 43);
        assertArrayEquals(a.train(), b.train());
        assertArrayEquals(a.test(), b.test());
        assertFalse(Arrays.equals(a.test(), c.test()));
    }
}
