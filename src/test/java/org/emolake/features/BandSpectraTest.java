package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sliding DFT against an FFT per frame (the same class without sliding: one JTransforms FFT per frame). */
class BandSpectraTest {
    private static final int N_FFT = 1024;
    private static final int FIRST = 91;
    private static final int LAST = 203;

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 32, 64, 128})
    void slidingEqualsAnFftPerFrameOnSpeechLikeAudio(int hop) {
        float[] y = noisyTones(40_000, new Random(hop), 0.3);
        assertCloseToFft(y, hop, 1 + y.length / hop, 1e-9);
    }

    /** Loud, then 1e-11 as loud, then digital silence, then loud again: each frame's error is relative to itself. */
    @ParameterizedTest
    @ValueSource(ints = {8, 32, 64})
    void quietAndSilentFramesAfterLoudOnesKeepTheirOwnPrecision(int hop) {
        int n = 30_000;
        float[] y = new float[n];
        Random random = new Random(7);
        float[] loud = noisyTones(n, random, 0.9);
        float[] quiet = noisyTones(n, random, 1e-11);
        for (int i = 0; i < n; i++) {
            int part = i * 4 / n;
            y[i] = part == 0 || part == 3 ? loud[i] : part == 1 ? quiet[i] : 0f;
        }
        int frames = 1 + n / hop;
        float[][][] both = assertCloseToFft(y, hop, frames, 1e-7);
        for (int t = 0; t < frames; t++) {
            int start = t * hop - N_FFT / 2;
            boolean silent = start >= n / 2 && start + N_FFT <= 3 * n / 4;
            if (silent) {
                for (int j = 0; j <= LAST - FIRST; j++) {
                    assertEquals(0f, both[0][j][t], "frame " + t);
                    assertEquals(0f, both[1][j][t], "frame " + t);
                }
            }
        }
    }

    @Test
    void longSignalsAreReseeded() {
        int hop = 8;
        float[] y = noisyTones(40 * BandSpectra.RESEED_FRAMES * hop, new Random(3), 0.5);
        assertCloseToFft(y, hop, 1 + y.length / hop, 1e-9);
    }

    /** The prefix-suffix frame maxima that choose the seeds against the plain maximum over each frame. */
    @Test
    void framePeaksEqualThePlainMaximumOfEachFrame() {
        Random random = new Random(17);
        for (int trial = 0; trial < 200; trial++) {
            int hop = new int[] {8, 16, 32, 64, 128, 1024}[trial % 6];
            int length = 1 + random.nextInt(trial % 4 == 0 ? 300 : 20_000);
            float[] y = new float[length];
            for (int i = 0; i < length; i++) {
                int kind = random.nextInt(10);
                y[i] = kind == 0 ? 0f : kind == 1 ? -0f : kind == 2 && trial % 5 == 0 ? Float.POSITIVE_INFINITY
                        : (float) (random.nextGaussian() * Math.pow(10, random.nextInt(12) - 8));
            }
            // silent stretches, as between utterances
            int silenceFrom = random.nextInt(length);
            Arrays.fill(y, silenceFrom, Math.min(length, silenceFrom + random.nextInt(5000)), 0f);
            BandSpectra spectra = new BandSpectra(N_FFT, hop, FIRST, LAST, true);
            for (int frames : new int[] {1, 2, 1 + length / hop}) {
                assertArrayEquals(spectra.framePeaksPlainly(y, frames), spectra.framePeaks(y, frames), 0.0,
                        "hop " + hop + ", " + length + " samples, " + frames + " frames");
            }
        }
    }

    @Test
    void slidingNeedsAHopThatIsAMultipleOfFour() {
        assertThrows(IllegalArgumentException.class, () -> new BandSpectra(N_FFT, 6, FIRST, LAST, true));
        assertThrows(IllegalArgumentException.class, () -> new BandSpectra(N_FFT, 8, 300, 200, true));
    }

    /**
     * Asserts every frame's band from the sliding DFT is within {@code relative} of that frame's largest FFT
     * magnitude (plus one float32 rounding), and returns the sliding {re, im}.
     */
    private static float[][][] assertCloseToFft(float[] y, int hop, int frames, double relative) {
        int width = LAST - FIRST + 1;
        float[][] fftRe = new float[width][frames];
        float[][] fftIm = new float[width][frames];
        float[][] slideRe = new float[width][frames];
        float[][] slideIm = new float[width][frames];
        new BandSpectra(N_FFT, hop, FIRST, LAST, false).compute(y, frames, fftRe, fftIm, Workspace.NONE);
        new BandSpectra(N_FFT, hop, FIRST, LAST, true).compute(y, frames, slideRe, slideIm, new PoisonedWorkspace());
        for (int t = 0; t < frames; t++) {
            double frameMax = 0;
            for (int j = 0; j < width; j++) {
                frameMax = Math.max(frameMax, Math.hypot(fftRe[j][t], fftIm[j][t]));
            }
            for (int j = 0; j < width; j++) {
                double error = Math.hypot(slideRe[j][t] - fftRe[j][t], slideIm[j][t] - fftIm[j][t]);
                double allowed = relative * frameMax + 2 * Math.ulp((float) frameMax);
                assertTrue(error <= allowed, "hop " + hop + " frame " + t + " bin " + (FIRST + j) + ": error "
                        + error + " > " + allowed + " (frame max " + frameMax + ")");
            }
        }
        return new float[][][] {slideRe, slideIm};
    }

    private static float[] noisyTones(int n, Random random, double amplitude) {
        float[] y = new float[n];
        double f1 = 0.05 + 0.1 * random.nextDouble();
        double f2 = 0.2 + 0.2 * random.nextDouble();
        for (int i = 0; i < n; i++) {
            double envelope = 0.5 + 0.5 * Math.sin(i * 0.0007);
            y[i] = (float) (amplitude * (envelope * (Math.sin(f1 * i) + 0.5 * Math.sin(f2 * i)) + 0.2 * random.nextGaussian()));
        }
        return y;
    }
}
