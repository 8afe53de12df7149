package org.emolake.features;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.emolake.numerics.NumpyCasts;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * A band of bins of the spectra of consecutive centred frames under a window of ones: {@code
 * np.fft.rfft(frame)[firstBin..lastBin]} for frames of {@code nFft} samples starting at {@code t * hop - nFft / 2}
 * (zeros outside the signal), as {@code stft(y, n_fft, hop, window='ones', center=True, pad_mode='constant')} gives
 * them, computed in float64 and stored as complex64.
 *
 * <p>Where frames overlap a lot (the CQT's lower octaves: 1024-sample frames every 8 to 128 samples) an FFT per frame
 * recomputes the same sums over and over. With {@code sliding}, frame {@code t + 1} comes from frame {@code t} by the
 * sliding-DFT recurrence, with {@code ω = e^(-2πi/n)} and {@code s} the first sample of frame {@code t}:
 * {@code X[t+1][k] = ω^(-k·hop) · (X[t][k] + Σ_{m<hop} (x[s + n + m] - x[s + m]) · ω^(k·m))}, evaluated for the
 * band's bins only: {@code hop · band} multiply-adds per frame instead of an {@code n}-point FFT. It is exact in real
 * arithmetic; in floating point the recurrence carries the rounding of earlier frames, so a JTransforms FFT seeds it
 * at the first frame, every {@link #RESEED_FRAMES} frames, and whenever a frame's peak sample drops below
 * {@link #RESEED_DROP} of the loudest since the last seed (the carried rounding scales with that loudest level).
 * A frame whose samples are all zero is exactly zero, as its FFT is. {@code BandSpectraTest} bounds the difference
 * from an FFT per frame.
 *
 * <p>Immutable and thread-safe: the FFT plan and twiddle tables are only read; {@link #compute}'s buffers are per
 * call. {@link #shared} keeps one instance per configuration (the CQT's bases of all tunings read nearly the same
 * bands).
 */
final class BandSpectra {
    /** A recurrence runs at most this many frames from its seed. */
    static final int RESEED_FRAMES = 128;
    /** Re-seed when a frame's peak is below this share of the loudest peak since the seed. */
    static final double RESEED_DROP = 1e-4;
    /** Sliding frames whose increments are computed together, each twiddle row read once for all of them. */
    private static final int SLIDE_BLOCK = 8;
    private static final byte ZERO = 0;
    private static final byte SEED = 1;
    private static final byte SLIDE = 2;
    private static final Map<Key, BandSpectra> SHARED = new ConcurrentHashMap<>();

    private record Key(int nFft, int hop, int firstBin, int lastBin, boolean sliding) {
    }

    private final int nFft;
    private final int hop;
    private final int firstBin;
    private final int width;
    private final boolean sliding;
    /**
     * {@code ω^(k·m)} at {@code [m][k - firstBin]}, for {@code m < hop} (sliding only): one array per row, because
     * C2 of JDK 17 vectorises {@code a[j] += d * row[j]} but not the same with an offset into one array.
     */
    private final double[][] twiddleRe;
    private final double[][] twiddleIm;
    /** {@code ω^(-k·hop)} at {@code k - firstBin} (sliding only). */
    private final double[] rotateRe;
    private final double[] rotateIm;
    private final DoubleFFT_1D fft;

    /**
     * @param sliding use the recurrence between seeds; needs {@code hop} a multiple of 4 and at most {@code nFft}
     */
    BandSpectra(int nFft, int hop, int firstBin, int lastBin, boolean sliding) {
        if (Integer.bitCount(nFft) != 1 || firstBin < 0 || lastBin > nFft / 2 || lastBin < firstBin || hop <= 0) {
            throw new IllegalArgumentException("Cannot build band spectra: n_fft " + nFft + ", hop " + hop
                    + ", bins " + firstBin + ".." + lastBin);
        }
        if (sliding && (hop % 4 != 0 || hop > nFft)) {
            throw new IllegalArgumentException("Cannot slide by hop " + hop + " over " + nFft + "-sample frames");
        }
        this.nFft = nFft;
        this.hop = hop;
        this.firstBin = firstBin;
        this.width = lastBin - firstBin + 1;
        this.sliding = sliding;
        this.fft = new DoubleFFT_1D(nFft);
        if (sliding) {
            double[] cos = new double[nFft];
            double[] sin = new double[nFft];
            for (int r = 0; r < nFft; r++) {
                cos[r] = Math.cos(2 * Math.PI * r / nFft);
                sin[r] = Math.sin(2 * Math.PI * r / nFft);
            }
            int mask = nFft - 1;
            twiddleRe = new double[hop][width];
            twiddleIm = new double[hop][width];
            for (int m = 0; m < hop; m++) {
                for (int j = 0; j < width; j++) {
                    int r = ((firstBin + j) * m) & mask;
                    twiddleRe[m][j] = cos[r];
                    twiddleIm[m][j] = -sin[r];
                }
            }
            rotateRe = new double[width];
            rotateIm = new double[width];
            for (int j = 0; j < width; j++) {
                int r = ((firstBin + j) * hop) & mask;
                rotateRe[j] = cos[r];
                rotateIm[j] = sin[r];
            }
        } else {
            twiddleRe = twiddleIm = null;
            rotateRe = rotateIm = null;
        }
    }

    /** One instance per configuration, built on first use. */
    static BandSpectra shared(int nFft, int hop, int firstBin, int lastBin, boolean sliding) {
        return SHARED.computeIfAbsent(new Key(nFft, hop, firstBin, lastBin, sliding),
                k -> new BandSpectra(k.nFft, k.hop, k.firstBin, k.lastBin, k.sliding));
    }

    /**
     * The band of frames {@code 0..frames-1} of {@code y}, one array per bin: {@code out[k - firstBin][t]} (rows of
     * at least {@code frames} values).
     */
    void compute(float[] y, int frames, float[][] outRe, float[][] outIm, Workspace workspace) {
        int length = y.length;
        double[] signal = workspace.doubles(Workspace.Slot.SIGNAL, length);
        NumpyCasts.float64(y, signal);
        double[] buffer = new double[nFft];
        double[] re = new double[width];
        double[] im = new double[width];
        // Two methods, not one with a branch per frame: the JIT then profiles and compiles each kind of octave on
        // its own, instead of compiling the shared loop again each time the other kind arrives (docs/PERFORMANCE.md).
        if (sliding) {
            slide(y, signal, length, frames, buffer, re, im, outRe, outIm);
        } else {
            for (int t = 0; t < frames; t++) {
                seed(signal, length, t, buffer, re, im);
                store(re, im, t, outRe, outIm);
            }
        }
    }

    private void slide(float[] y, double[] signal, int length, int frames, double[] buffer, double[] re, double[] im,
            float[][] outRe, float[][] outIm) {
        byte[] steps = steps(framePeaks(y, frames), frames);
        double[][] addRe = new double[SLIDE_BLOCK][width];
        double[][] addIm = new double[SLIDE_BLOCK][width];
        double[][] differences = new double[SLIDE_BLOCK][hop];
        for (int first = 0; first < frames; first += SLIDE_BLOCK) {
            int end = Math.min(frames, first + SLIDE_BLOCK);
            increments(signal, length, steps, first, end, differences, addRe, addIm);
            for (int t = first; t < end; t++) {
                if (steps[t] == SEED) {
                    seed(signal, length, t, buffer, re, im);
                } else if (steps[t] == ZERO) {
                    Arrays.fill(re, 0.0);
                    Arrays.fill(im, 0.0);
                } else {
                    rotate(re, im, addRe[t - first], addIm[t - first]);
                }
                store(re, im, t, outRe, outIm);
            }
        }
    }

    /** Frame {@code t} of the band, as complex64. */
    private void store(double[] re, double[] im, int t, float[][] outRe, float[][] outIm) {
        for (int j = 0; j < width; j++) {
            outRe[j][t] = (float) re[j];
            outIm[j][t] = (float) im[j];
        }
    }

    /**
     * How each frame is obtained: {@link #ZERO} (all its samples are zero), {@link #SEED} (the first, every
     * {@link #RESEED_FRAMES}-th from a seed, and one much quieter than the loudest since the seed) or {@link #SLIDE}.
     */
    private static byte[] steps(double[] framePeaks, int frames) {
        byte[] steps = new byte[frames];
        double loudestSinceSeed = 0;
        int sinceSeed = 0;
        for (int t = 0; t < frames; t++) {
            double peak = framePeaks[t];
            if (peak == 0) {
                steps[t] = ZERO;
                loudestSinceSeed = 0;
                sinceSeed = 0;
            } else if (t == 0 || sinceSeed >= RESEED_FRAMES || peak < RESEED_DROP * loudestSinceSeed) {
                steps[t] = SEED;
                loudestSinceSeed = peak;
                sinceSeed = 0;
            } else {
                steps[t] = SLIDE;
                loudestSinceSeed = Math.max(loudestSinceSeed, peak);
                sinceSeed++;
            }
        }
        return steps;
    }

    /**
     * For every sliding frame {@code t} in {@code [first, end)}: {@code Σ_{m<hop} (x[s + n + m] - x[s + m]) ω^(k·m)}
     * with {@code s} the first sample of frame {@code t - 1}, into {@code addRe/addIm[t - first]}. The frames of the
     * block share each group of twiddle rows while it is in L1.
     */
    private void increments(double[] signal, int length, byte[] steps, int first, int end, double[][] differences,
            double[][] addRe, double[][] addIm) {
        for (int t = first; t < end; t++) {
            if (steps[t] == SLIDE) {
                int start = (t - 1) * hop - nFft / 2;
                double[] d = differences[t - first];
                for (int m = 0; m < hop; m++) {
                    d[m] = sample(signal, length, start + nFft + m) - sample(signal, length, start + m);
                }
                Arrays.fill(addRe[t - first], 0.0);
                Arrays.fill(addIm[t - first], 0.0);
            }
        }
        for (int m = 0; m < hop; m += 4) {
            for (int t = first; t < end; t++) {
                if (steps[t] != SLIDE) {
                    continue;
                }
                double[] d = differences[t - first];
                double d0 = d[m];
                double d1 = d[m + 1];
                double d2 = d[m + 2];
                double d3 = d[m + 3];
                if (d0 == 0 && d1 == 0 && d2 == 0 && d3 == 0) {
                    continue;
                }
                accumulate(addRe[t - first], d0, twiddleRe[m], d1, twiddleRe[m + 1], d2, twiddleRe[m + 2], d3,
                        twiddleRe[m + 3], width);
                accumulate(addIm[t - first], d0, twiddleIm[m], d1, twiddleIm[m + 1], d2, twiddleIm[m + 2], d3,
                        twiddleIm[m + 3], width);
            }
        }
    }

    /** {@code X ← ω^(-k·hop) · (X + add)}: the previous frame's band made this frame's. */
    private void rotate(double[] re, double[] im, double[] addRe, double[] addIm) {
        for (int j = 0; j < width; j++) {
            double a = re[j] + addRe[j];
            double b = im[j] + addIm[j];
            re[j] = a * rotateRe[j] - b * rotateIm[j];
            im[j] = a * rotateIm[j] + b * rotateRe[j];
        }
    }

    /** The band of frame {@code t} by a JTransforms FFT ({@code signal[0..length)}: the samples in float64). */
    private void seed(double[] signal, int length, int t, double[] buffer, double[] re, double[] im) {
        Stft.copyFrame(signal, length, t * hop - nFft / 2, buffer);
        fft.realForward(buffer);
        // JTransforms' layout: re[0], re[n/2], re[1], im[1], re[2], im[2], ...
        for (int j = 0; j < width; j++) {
            int k = firstBin + j;
            if (k == 0) {
                re[j] = buffer[0];
                im[j] = 0.0;
            } else if (k == nFft / 2) {
                re[j] = buffer[1];
                im[j] = 0.0;
            } else {
                re[j] = buffer[2 * k];
                im[j] = buffer[2 * k + 1];
            }
        }
    }

    private static void accumulate(double[] x, double d0, double[] row0, double d1, double[] row1, double d2,
            double[] row2, double d3, double[] row3, int n) {
        for (int j = 0; j < n; j++) {
            x[j] += d0 * row0[j] + d1 * row1[j] + d2 * row2[j] + d3 * row3[j];
        }
    }

    private static double sample(double[] signal, int length, int i) {
        return i >= 0 && i < length ? signal[i] : 0.0;
    }

    /**
     * The largest {@code |sample|} of every frame: peaks of {@code hop}-sample blocks, then their maximum over the
     * {@code nFft / hop} blocks of each frame by the van Herk / Gil-Werman prefix-suffix maxima (sliding only: the hop
     * divides n_fft).
     */
    double[] framePeaks(float[] y, int frames) {
        int span = nFft / hop;
        int blocks = frames - 1 + span;
        int groups = (blocks + span - 1) / span;
        double[] block = new double[groups * span];
        for (int b = 0; b < blocks; b++) {
            int start = b * hop - nFft / 2;
            int from = Math.max(0, start);
            int to = Math.min(y.length, start + hop);
            float peak = 0f;
            for (int i = from; i < to; i++) {
                peak = Math.max(peak, Math.abs(y[i]));
            }
            block[b] = peak;
        }
        double[] prefix = new double[block.length];
        double[] suffix = new double[block.length];
        for (int g = 0; g < block.length; g += span) {
            prefix[g] = block[g];
            for (int i = g + 1; i < g + span; i++) {
                prefix[i] = Math.max(prefix[i - 1], block[i]);
            }
            suffix[g + span - 1] = block[g + span - 1];
            for (int i = g + span - 2; i >= g; i--) {
                suffix[i] = Math.max(suffix[i + 1], block[i]);
            }
        }
        double[] peaks = new double[frames];
        for (int t = 0; t < frames; t++) {
            int last = t + span - 1;
            peaks[t] = t % span == 0 ? suffix[t] : Math.max(suffix[t], prefix[last]);
        }
        return peaks;
    }

    /**
     * The rule {@link #framePeaks} implements, written plainly: the largest {@code |sample|} of each frame's
     * {@code nFft} samples (0 outside the signal). The reference {@code BandSpectraTest} holds it equal to.
     */
    double[] framePeaksPlainly(float[] y, int frames) {
        double[] peaks = new double[frames];
        for (int t = 0; t < frames; t++) {
            int start = t * hop - nFft / 2;
            float peak = 0f;
            for (int i = Math.max(0, start); i < Math.min(y.length, start + nFft); i++) {
                peak = Math.max(peak, Math.abs(y[i]));
            }
            peaks[t] = peak;
        }
        return peaks;
    }
}
