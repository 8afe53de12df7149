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

    /** Non-negative values with many ties (quantised) and zeros, or arbitrary signs when {@code signed}. */
    private static float[] randomMatrix(Random random, int n, boolean signed) {
        float[] in = new float[n];
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(6);
            float v = kind == 0 ? random.nextInt(5) : kind == 1 ? 0f : (float) Math.exp(4 * random.nextGaussian());
            in[i] = signed && random.nextBoolean() ? -v : v;
        }
        return in;
    }

    /**
     * Bit for bit; where the input holds {@code -0.0} the sign of a zero median is not defined (scipy and the sorted
     * window compare with {@code <}, the naive median sorts in total order), so zeros of either sign agree.
     */
    private static void assertRowsEqualNaive(float[] in, int rows, int columns, float[] out, int size, String what) {
        for (int r = 0; r < rows; r++) {
            float[] expected = naive(Arrays.copyOfRange(in, r * columns, (r + 1) * columns), size);
            for (int c = 0; c < columns; c++) {
                float e = expected[c];
                float a = out[r * columns + c];
                if (!(e == 0f && a == 0f)) {
                    assertEquals(Float.floatToRawIntBits(e), Float.floatToRawIntBits(a),
                            what + ", row " + r + ", column " + c);
                }
            }
        }
    }

    @Test
    void bothDirectionsEqualNaiveMedianForManyShapesSizesAndTies() {
        Random random = new Random(7);
        for (int size : new int[] {1, 3, 5, 7, 31, 33}) {
            MedianFilter filter = new MedianFilter(size);
            for (int[] shape : new int[][] {{1, 1}, {1, 40}, {3, 5}, {17, 4}, {130, 33}, {9, 1025}, {300, 7},
                {257, 6}, {513, 3}}) {
                for (boolean signed : new boolean[] {false, true}) {
                    int rows = shape[0];
                    int columns = shape[1];
                    float[] in = randomMatrix(random, rows * columns, signed);
                    String what = "size " + size + ", " + rows + " x " + columns + (signed ? ", signed" : "");
                    float[] out = new float[in.length];
                    filter.filterRows(in, rows, columns, out);
                    assertRowsEqualNaive(in, rows, columns, out, size, what + ", rows");
                    filter.filterColumns(in, rows, columns, out);
                    assertRowsEqualNaive(MedianFilter.transpose(in, rows, columns), columns, rows,
                            MedianFilter.transpose(out, rows, columns), size, what + ", columns");
                }
            }
        }
    }

    @Test
    void zerosKeepTheirBitsOnTheLanePath() {
        // No -0.0 in the input: a zero median must be +0.0, bit for bit.
        float[] in = {0f, 0f, 5f, 0f, 7f, 0f, 0f, 1f, 2f};
        float[] out = new float[in.length];
        new MedianFilter(3).filterColumns(in, in.length, 1, out);
        for (int i = 0; i < in.length; i++) {
            assertEquals(Float.floatToRawIntBits(naive(in, 3)[i]), Float.floatToRawIntBits(out[i]), "index " + i);
        }
    }

    @Test
    void infinityAndNegativeZeroAreFilteredExactly() {
        float[] in = {0f, Float.POSITIVE_INFINITY, 3f, -0f, 0f, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, 1f};
        MedianFilter filter = new MedianFilter(3);
        for (float[] line : new float[][] {in, Arrays.copyOf(in, 3), {Float.POSITIVE_INFINITY, 2f, 0f, 0f}}) {
            float[] out = new float[line.length];
            filter.filterRows(line, 1, line.length, out);
            assertRowsEqualNaive(line, 1, line.length, out, 3, "rows");
            filter.filterColumns(line, line.length, 1, out);
            assertRowsEqualNaive(line, 1, line.length, out, 3, "columns");
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
