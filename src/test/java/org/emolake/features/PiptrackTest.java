package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Piptrack}'s peaks equal those of its plain rule ({@link Piptrack#peakBinsByThePlainRule}). */
class PiptrackTest {
    private static final int N_FFT = 64;
    private static final int BINS = N_FFT / 2 + 1;

    /** Random frames with zeros of both signs, infinities, NaN, subnormals and values over six decades. */
    @Test
    void peaksEqualThePlainRule() {
        Random random = new Random(11);
        float[] thresholds = {0.1f, 0f, -0.5f, -0f, 1f, 2f};
        // the band [300, 3000) Hz, every bin below Nyquist (fmax is clipped at sr / 2, excluded), and none
        double[][] bands = {{300, 3000}, {0, 8000}, {5000, 6000}};
        for (int trial = 0; trial < 600; trial++) {
            int frames = 1 + random.nextInt(6);
            float[] s = new float[frames * BINS];
            for (int i = 0; i < s.length; i++) {
                int kind = random.nextInt(12);
                s[i] = switch (kind) {
                    case 0 -> 0f;
                    case 1 -> -0f;
                    case 2 -> Float.POSITIVE_INFINITY;
                    case 3 -> trial % 7 == 0 ? Float.NaN : 1f;
                    case 4 -> Float.MIN_VALUE;
                    default -> (float) (random.nextGaussian() * Math.pow(10, random.nextInt(6) - 3));
                };
            }
            float threshold = thresholds[trial % thresholds.length];
            double[] band = bands[trial % bands.length];
            Piptrack piptrack = new Piptrack(8000, N_FFT, band[0], band[1], threshold);
            assertPeaksEqualThePlainRule(piptrack, s, frames, "trial " + trial);
        }
    }

    @Test
    void flatFramesAndPlateausHaveTheirPeaksWhereThePlainRuleHasThem() {
        Piptrack piptrack = new Piptrack(8000, N_FFT, 0, 8000, 0.1f);
        float[] flat = new float[BINS];
        Arrays.fill(flat, 3f);
        assertPeaksEqualThePlainRule(piptrack, flat, 1, "flat");
        float[] plateau = new float[BINS];
        Arrays.fill(plateau, 10, 14, 5f);
        plateau[BINS - 1] = 4f;
        assertPeaksEqualThePlainRule(piptrack, plateau, 1, "plateau");
        // a plateau's first bin is its peak (above the bin below, not below the next); the Nyquist bin is out of band
        assertArrayEquals(new int[] {10}, piptrack.peakBinsByThePlainRule(plateau, 0));
    }

    private static void assertPeaksEqualThePlainRule(Piptrack piptrack, float[] s, int frames, String what) {
        Piptrack.Peaks peaks = piptrack.track(s, frames);
        int i = 0;
        for (int t = 0; t < frames; t++) {
            for (int k : piptrack.peakBinsByThePlainRule(s, t)) {
                assertEquals(k, peaks.bin(i), what);
                assertEquals(t, peaks.frame(i), what);
                i++;
            }
        }
        assertEquals(i, peaks.count(), what);
    }
}
