package org.emolake.features;

import java.util.Arrays;

/**
 * Ascending sort of doubles that are all +0 or greater (magnitudes), as a radix sort on their bits: for such values
 * the order of the bit patterns as unsigned integers is the numeric order, and since equal values have equal bits,
 * the sorted array is the one {@link Arrays#sort(double[])} gives, bit for bit. Any −0, negative value or NaN
 * sends the whole array to {@link Arrays#sort(double[])}. Building a CQT basis sorts 252 rows of 513 magnitudes
 * for each new tuning, in the time a clip is extracted (docs/PERFORMANCE.md).
 */
final class NonNegativeSort {
    private static final int RADIX_BITS = 8;
    private static final int BUCKETS = 1 << RADIX_BITS;

    private NonNegativeSort() {
    }

    /** Sorts {@code values} ascending in place. */
    static void sort(double[] values) {
        int n = values.length;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            double v = values[i];
            long bits = Double.doubleToRawLongBits(v);
            if (bits < 0 || v != v) {
                Arrays.sort(values);
                return;
            }
            keys[i] = bits;
        }
        long[] buffer = new long[n];
        int[] counts = new int[BUCKETS];
        for (int shift = 0; shift < Long.SIZE; shift += RADIX_BITS) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[(int) (keys[i] >>> shift) & (BUCKETS - 1)]++;
            }
            if (n == 0 || counts[(int) (keys[0] >>> shift) & (BUCKETS - 1)] == n) {
                continue; // every key has this digit: the pass would not move anything
            }
            int start = 0;
            for (int b = 0; b < BUCKETS; b++) {
                int c = counts[b];
                counts[b] = start;
                start += c;
            }
            for (int i = 0; i < n; i++) {
                buffer[counts[(int) (keys[i] >>> shift) & (BUCKETS - 1)]++] = keys[i];
            }
            long[] swap = keys;
            keys = buffer;
            buffer = swap;
        }
        for (int i = 0; i < n; i++) {
            values[i] = Double.longBitsToDouble(keys[i]);
        }
    }
}
