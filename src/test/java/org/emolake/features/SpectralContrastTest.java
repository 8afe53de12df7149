package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpectralContrastTest {
    /**
     * The selection against a full sort, on the band shapes its bounds must not be fooled by: falling, rising, flat,
     * noisy, with ties and infinities; NaNs (ignored, as the selection always did) in a band of their own below.
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
            float[] sorted = Arrays.copyOfRange(a, from, from + len);
            Arrays.sort(sorted);
            assertSelection(a, from, len, q, Arrays.copyOf(sorted, q), Arrays.copyOfRange(sorted, len - q, len),
                    "shape " + shape + ", len " + len + ", q " + q);
        }
    }

    @Test
    void nanAndNegativeValuesDisableTheBoundsButNotTheSelection() {
        float[] a = {5f, Float.NaN, 1f, 7f, 3f, Float.NaN, 2f, 9f, 4f};
        assertSelection(a, 0, a.length, 3, new float[] {1f, 2f, 3f}, new float[] {5f, 7f, 9f}, "NaNs");
        float[] b = {5f, -1f, 1f, 7f, 3f, -8f, 2f, 9f, 4f};
        assertSelection(b, 0, b.length, 3, new float[] {-8f, -1f, 1f}, new float[] {5f, 7f, 9f}, "negatives");
    }

    private static void assertSelection(float[] a, int from, int len, int q, float[] lowest, float[] highest,
            String what) {
        float[] low = new float[q];
        float[] high = new float[q];
        SpectralContrast.selectExtremes(a, from, len, q, low, high);
        assertArrayEquals(lowest, low, what);
        assertArrayEquals(highest, high, what);
    }
}
