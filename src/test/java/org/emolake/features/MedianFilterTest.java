package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MedianFilterTest {

    /** Median of the window read through scipy's 'reflect' extension, by sorting a copy. */
    private static float[] naive(float[] line, int size) {
        int n = line.length;
        int half = size / 2;
        float[] out = new float[n];
        float[] window = new float[size];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < size; k++) {
                int j = i - half + k;
                while (j < 0 || j >= n) {
                    j = j < 0 ? -j - 1 : 2 * n - 1 - j;
                }
                window[k] = line[j];
            }
            Arrays.sort(window);
            out[i] = window[half];
        }
        return out;
    }

    @Test
    void slidingMedianEqualsNaiveMedianOnRandomDataOfEveryLength() {
        Random random = new Random(42);
        MedianFilter filter = new MedianFilter(31);
        for (int columns : new int[] {1, 4, 5, 9, 15, 16, 30, 31, 32, 90, 1025}) {
            int rows = 7;
            float[] in = new float[rows * columns];
            for (int i = 0; i < in.length; i++) {
                // Quantised values force many ties, which the sliding window must remove correctly.
                in[i] = random.nextInt(4) == 0 ? random.nextInt(5) : random.nextFloat();
            }
            float[] out = new float[in.length];
            filter.filterRows(in, rows, columns, out);
            for (int r = 0; r < rows; r++) {
                float[] expected = naive(Arrays.copyOfRange(in, r * columns, (r + 1) * columns), 31);
                for (int c = 0; c < columns; c++) {
                    assertEquals(expected[c], out[r * columns + c], 0f,
                            "columns " + columns + ", row " + r + ", column " + c);
                }
            }
        }
    }

    @Test
    void reflectModeMirrorsAboutTheHalfSample() {
        // Values from scipy 1.17: median_filter([1, 2, 3, 10, 20], size=5, mode='reflect') = [2, 2, 3, 10, 10]
        // (the first window reads 2 1 | 1 2 3); median_filter([5, 1, 9, 2, 8], size=3, mode='reflect') = [5, 5, 2, 8, 8].
        float[] out = new float[5];
        new MedianFilter(5).filterRows(new float[] {1, 2, 3, 10, 20}, 1, 5, out);
        assertEquals("[2.0, 2.0, 3.0, 10.0, 10.0]", Arrays.toString(out));
        new MedianFilter(3).filterRows(new float[] {5, 1, 9, 2, 8}, 1, 5, out);
        assertEquals("[5.0, 5.0, 2.0, 8.0, 8.0]", Arrays.toString(out));
    }

    @Test
    void evenSizeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MedianFilter(4));
    }
}
