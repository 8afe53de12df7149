package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link SpectralContrast#selectExtremes} against the plain rule, {@link SpectralContrast#sortedExtremes}. */
class SpectralContrastTest {
    /**
     * On the band shapes the selection's bounds must not be fooled by: falling, rising, flat, noisy, with ties and
     * infinities.
     */
    @Test
    void extremesEqualTheEndsOfTheSortedBand() {
        Random random = new Random(7);
        for (int trial = 0; trial < 5000; trial++) {
            int len = 1 + random.nextInt(500);
            int q = 1 + random.nextInt(Math.min(len, 12));
            int from = random.nextInt(5);
            float[] a = new float[from + len + 3];
            int shape = trial % 5;
            for (int j = 0; j < a.length; j++) {
                float noise = random.nextFloat();
                a[j] = switch (shape) {
                    case 0 -> 1000f / (1 + j) * (0.5f + noise);
                    case 1 -> j * (0.5f + noise);
                    case 2 -> random.nextInt(4);
                    case 3 -> noise;
                    default -> random.nextInt(10) == 0 ? Float.POSITIVE_INFINITY : (float) Math.floor(noise * 8);
                };
            }
            assertSelectionEqualsSort(a, from, len, q, "shape " + shape + ", len " + len + ", q " + q);
        }
    }

    /**
     * Values that switch the bounds off (NaN, negatives, -0.0) or sit at their edges (+0.0, subnormals, infinities),
     * bands with fewer non-NaN values than {@code q}, and bands of one value.
     */
    @Test
    void extremesEqualTheEndsOfTheSortedBandOnAdversarialValues() {
        float[] values = {0f, -0f, Float.MIN_VALUE, Float.MIN_NORMAL, 1f, 1f, 2f, Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -1f, -Float.MIN_VALUE, Float.NaN};
        Random random = new Random(13);
        for (int trial = 0; trial < 20_000; trial++) {
            int len = 1 + random.nextInt(40);
            int q = 1 + random.nextInt(Math.min(len, 12));
            // a few distinct values per band, so that ties and runs are common
            float[] palette = new float[1 + random.nextInt(4)];
            for (int i = 0; i < palette.length; i++) {
                palette[i] = values[random.nextInt(trial % 3 == 0 ? 10 : values.length)];
            }
            float[] a = new float[len + 2];
            for (int j = 0; j < a.length; j++) {
                a[j] = palette[random.nextInt(palette.length)];
            }
            assertSelectionEqualsSort(a, 1, len, q, "trial " + trial + ", len " + len + ", q " + q);
        }
    }

    @Test
    void nanAndNegativeValuesDisableTheBoundsButNotTheSelection() {
        float[] a = {5f, Float.NaN, 1f, 7f, 3f, Float.NaN, 2f, 9f, 4f};
        assertSelection(a, 0, a.length, 3, new float[] {1f, 2f, 3f}, new float[] {5f, 7f, 9f}, "NaNs");
        float[] b = {5f, -1f, 1f, 7f, 3f, -8f, 2f, 9f, 4f};
        assertSelection(b, 0, b.length, 3, new float[] {-8f, -1f, 1f}, new float[] {5f, 7f, 9f}, "negatives");
    }

    /** Bit for bit, except that a zero matches a zero of either sign (see {@code sortedExtremes}). */
    private static void assertSelectionEqualsSort(float[] a, int from, int len, int q, String what) {
        float[] low = new float[q];
        float[] high = new float[q];
        SpectralContrast.selectExtremes(a, from, len, q, low, high);
        float[] expectedLow = new float[q];
        float[] expectedHigh = new float[q];
        SpectralContrast.sortedExtremes(a, from, len, q, expectedLow, expectedHigh);
        for (int i = 0; i < q; i++) {
            assertSameValue(expectedLow[i], low[i], what + ", low " + i);
            assertSameValue(expectedHigh[i], high[i], what + ", high " + i);
        }
    }

    private static void assertSameValue(float expected, float actual, String what) {
        if (!(expected == 0f && actual == 0f)) {
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual),
                    what + ": expected " + expected + ", got " + actual);
        }
    }

    private static void assertSelection(float[] a, int from, int len, int q, float[] lowest, float[] highest,
            String what) {
        float[] low = new float[q];
        float[] high = new float[q];
        SpectralContrast.selectExtremes(a, from, len, q, low, high);
        assertArrayEquals(lowest, low, what);
        assertArrayEquals(highest, high, what);
        SpectralContrast.sortedExtremes(a, from, len, q, low, high);
        assertArrayEquals(lowest, low, what + ", plain rule");
        assertArrayEquals(highest, high, what + ", plain rule");
    }
}
