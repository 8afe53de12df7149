package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Piptrack}'s peaks equal those of librosa's rule written out plainly, on awkward spectrograms too. */
class PiptrackTest {
    private static final int N_FFT = 64;
    private static final int BINS = N_FFT / 2 + 1;

    @Test
    void peaksEqualThePlainRule() {
        Random random = new Random(11);
        float[] thresholds = {0.1f, 0f, -0.5f, -0f, 1f, 2f};
        for (int trial = 0; trial < 400; trial++) {
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
            Piptrack piptrack = new Piptrack(8000, N_FFT, 300, 3000, threshold);
            Piptrack.Peaks peaks = piptrack.track(s, frames);
            int i = 0;
            for (int t = 0; t < frames; t++) {
                for (int k : plainPeaks(s, t, threshold, piptrack)) {
                    assertEquals(k, peaks.bin(i), "trial " + trial);
                    assertEquals(t, peaks.frame(i), "trial " + trial);
                    i++;
                }
            }
            assertEquals(i, peaks.count(), "trial " + trial);
        }
    }

    /** Bins of frame t in [fmin, fmax) that are local maxima of |S| * (|S| > threshold * max|S|). */
    private static int[] plainPeaks(float[] s, int t, float threshold, Piptrack piptrack) {
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < BINS; k++) {
            max = Math.max(max, Math.abs(s[t * BINS + k]));
        }
        float ref = threshold * max;
        float[] kept = new float[BINS];
        for (int k = 0; k < BINS; k++) {
            float x = Math.abs(s[t * BINS + k]);
            kept[k] = x > ref ? x : 0f;
        }
        double binHz = 8000.0 / N_FFT;
        return java.util.stream.IntStream.range(1, BINS)
                .filter(k -> 300 <= k * binHz && k * binHz < 3000)
                .filter(k -> kept[k] > kept[k - 1] && (k == BINS - 1 || kept[k] >= kept[k + 1]))
                .toArray();
    }
}
