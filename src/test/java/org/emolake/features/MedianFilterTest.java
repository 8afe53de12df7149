package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link MedianFilter} (lanes, sliding sorted window) against the plain rule, {@link SortedWindowMedian}. */
class MedianFilterTest {
    private static final int[] SIZES = {1, 3, 5, 7, 9, 17, 31, 33};

    /**
     * Both directions of the fast filter, with a fresh and with a garbage-filled workspace, equal the plain rule bit
     * for bit (NaN compared as NaN: the fast filter does not keep payloads).
     */
    private static void assertFastEqualsPlain(float[] in, int rows, int columns, int size, String what) {
        MedianFilter filter = new MedianFilter(size);
        String shape = what + ", size " + size + ", " + rows + " x " + columns;
        float[] expectedRows = SortedWindowMedian.filterRows(in, rows, columns, size);
        float[] expectedColumns = SortedWindowMedian.filterColumns(in, rows, columns, size);
        float[] out = new float[in.length];
        filter.filterRows(in, rows, columns, out);
        assertSameBits(expectedRows, out, shape + ", rows");
        filter.filterColumns(in, rows, columns, out);
        assertSameBits(expectedColumns, out, shape + ", columns");

        float[] longer = new float[in.length + 5];
        filter.filterRows(in, rows, columns, longer, new PoisonedWorkspace());
        assertSameBits(expectedRows, Arrays.copyOf(longer, in.length), shape + ", rows, reused workspace");
        filter.filterColumns(in, rows, columns, longer, new PoisonedWorkspace());
        assertSameBits(expectedColumns, Arrays.copyOf(longer, in.length), shape + ", columns, reused workspace");
    }

    private static void assertSameBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), what + ", index " + i
                    + ": expected " + expected[i] + ", got " + actual[i]);
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

    @Test
    void fastEqualsPlainOnRandomDataForManyShapesAndSizes() {
        Random random = new Random(7);
        // 257 and 513 rows: more lanes than one block of the lane filter holds.
        int[][] shapes = {{1, 1}, {1, 40}, {3, 5}, {17, 4}, {130, 33}, {9, 1025}, {300, 7}, {257, 6}, {513, 3}};
        for (int size : SIZES) {
            for (int[] shape : shapes) {
                for (boolean signed : new boolean[] {false, true}) {
                    float[] in = randomMatrix(random, shape[0] * shape[1], signed);
                    assertFastEqualsPlain(in, shape[0], shape[1], size, signed ? "signed" : "non-negative");
                }
            }
        }
    }

    /** Values the fast filter must not mishandle: ties, runs, both zeros, infinities, NaN, subnormals, extremes. */
    private static List<float[]> adversarialValueSets() {
        float nanPayload = Float.intBitsToFloat(0x7fc00123);
        float negativeNan = Float.intBitsToFloat(0xffc00000);
        return List.of(
                new float[] {2f},
                new float[] {0f},
                new float[] {-0f},
                new float[] {0f, -0f},
                new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f},
                new float[] {Float.POSITIVE_INFINITY, 1f, 0f},
                new float[] {Float.NaN, 1f, 0f, -1f},
                new float[] {Float.NaN, nanPayload, negativeNan, 3f, Float.POSITIVE_INFINITY},
                new float[] {Float.MIN_VALUE, 2 * Float.MIN_VALUE, Math.nextDown(Float.MIN_NORMAL), Float.MIN_NORMAL, 0f},
                new float[] {-Float.MIN_VALUE, Float.MIN_VALUE, -0f, 0f},
                new float[] {Float.MAX_VALUE, Math.nextDown(Float.MAX_VALUE), Float.POSITIVE_INFINITY, 1f},
                new float[] {-Float.MAX_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY});
    }

    /** Lines drawn from {@code values}: every value alone, long runs of one value, and random mixes. */
    private static List<float[]> adversarialLines(float[] values, Random random) {
        List<float[]> lines = new ArrayList<>();
        for (float v : values) {
            float[] constant = new float[37];
            Arrays.fill(constant, v);
            lines.add(constant);
        }
        for (int length : new int[] {1, 2, 3, 4, 5, 8, 15, 16, 31, 32, 33, 64, 100}) {
            float[] runs = new float[length];
            for (int i = 0; i < length; ) {
                float v = values[random.nextInt(values.length)];
                int run = 1 + random.nextInt(12);
                for (int k = 0; k < run && i < length; k++) {
                    runs[i++] = v;
                }
            }
            lines.add(runs);
            float[] mixed = new float[length];
            for (int i = 0; i < length; i++) {
                mixed[i] = values[random.nextInt(values.length)];
            }
            lines.add(mixed);
        }
        return lines;
    }

    @Test
    void fastEqualsPlainOnAdversarialLinesAndTinyShapes() {
        Random random = new Random(11);
        for (float[] values : adversarialValueSets()) {
            String what = "values " + Arrays.toString(values);
            for (float[] line : adversarialLines(values, random)) {
                for (int size : SIZES) {
                    // The line as one row, as one column, and as the rows and columns of a small matrix.
                    assertFastEqualsPlain(line, 1, line.length, size, what);
                    assertFastEqualsPlain(line, line.length, 1, size, what);
                    for (int rows : new int[] {2, 3, 5}) {
                        if (line.length % rows == 0) {
                            assertFastEqualsPlain(line, rows, line.length / rows, size, what);
                        }
                    }
                }
            }
        }
    }

    @Test
    void windowLongerThanTheLineReflectsAgainAndAgain() {
        // size 33 over 1, 2 and 5 samples: the window wraps the reflection many times.
        for (int length : new int[] {1, 2, 5}) {
            float[] line = new float[length];
            for (int i = 0; i < length; i++) {
                line[i] = 10f * (i + 1);
            }
            assertFastEqualsPlain(line, 1, length, 33, "window longer than the line");
            assertFastEqualsPlain(line, length, 1, 33, "window longer than the line");
        }
        // 1 2 3 read with size 33 is ... 3 2 1 | 1 2 3 | 3 2 1 ...: eleven of each, the median is 2 everywhere.
        assertArrayEquals(new float[] {2f, 2f, 2f}, SortedWindowMedian.filterLine(new float[] {1f, 2f, 3f}, 33));
    }

    @Test
    void theLanePathTakesNonNegativeValuesOnly() {
        float[] admitted = {0f, Float.MIN_VALUE, Float.MIN_NORMAL, 1f, Float.MAX_VALUE, Float.POSITIVE_INFINITY};
        float[] refused = {-0f, -Float.MIN_VALUE, -1f, Float.NEGATIVE_INFINITY, Float.NaN,
            Float.intBitsToFloat(0xffc00000)};
        assertTrue(MedianLanes.admits(bits(admitted), admitted.length));
        for (float v : refused) {
            float[] one = Arrays.copyOf(admitted, admitted.length + 1);
            one[admitted.length] = v;
            assertFalse(MedianLanes.admits(bits(one), one.length), "with " + v);
        }
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    @Test
    void reflectModeMirrorsAboutTheHalfSample() {
        // Values from scipy 1.17: median_filter([1, 2, 3, 10, 20], size=5, mode='reflect') = [2, 2, 3, 10, 10]
        // (the first window reads 2 1 | 1 2 3); median_filter([5, 1, 9, 2, 8], size=3, mode='reflect') = [5, 5, 2, 8, 8].
        assertEquals("[2.0, 2.0, 3.0, 10.0, 10.0]",
                Arrays.toString(SortedWindowMedian.filterLine(new float[] {1, 2, 3, 10, 20}, 5)));
        assertEquals("[5.0, 5.0, 2.0, 8.0, 8.0]",
                Arrays.toString(SortedWindowMedian.filterLine(new float[] {5, 1, 9, 2, 8}, 3)));
        float[] out = new float[5];
        new MedianFilter(5).filterRows(new float[] {1, 2, 3, 10, 20}, 1, 5, out);
        assertEquals("[2.0, 2.0, 3.0, 10.0, 10.0]", Arrays.toString(out));
        new MedianFilter(3).filterRows(new float[] {5, 1, 9, 2, 8}, 1, 5, out);
        assertEquals("[5.0, 5.0, 2.0, 8.0, 8.0]", Arrays.toString(out));
    }

    @Test
    void zeroMediansKeepTheirSign() {
        // Sorted, the windows of 0 -0 -0 are -0 -0 0: the median is -0.0, bit for bit.
        float[] out = new float[3];
        new MedianFilter(3).filterRows(new float[] {0f, -0f, -0f}, 1, 3, out);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(out[1]));
        new MedianFilter(3).filterRows(new float[] {-0f, 0f, 0f}, 1, 3, out);
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(out[1]));
    }

    @Test
    void badSizesAndShapesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MedianFilter(4));
        assertThrows(IllegalArgumentException.class, () -> new MedianFilter(0));
        MedianFilter filter = new MedianFilter(3);
        float[] six = new float[6];
        assertThrows(IllegalArgumentException.class, () -> filter.filterRows(six, 2, 4, new float[6]));
        assertThrows(IllegalArgumentException.class, () -> filter.filterColumns(six, 2, 3, new float[5]));
        assertThrows(IllegalArgumentException.class, () -> filter.filterRows(six, 2, 3, six, Workspace.NONE));
    }
}
