package org.emolake.features;

import org.emolake.audio.ClipDeadline;

/**
 * The harmonic half of {@code librosa.decompose.hpss(S, kernel_size=31, power=2.0, mask=False, margin=1.0)} on a
 * complex64 STFT: {@code (|S| · mask_harm) · phase}.
 *
 * <p>As librosa 0.10.2 computes it, all in float32: {@code magphase(S)} (the magnitude {@code np.abs(S)}, see
 * {@link ComplexAbs}, and the phase {@code S / |S|}, with phase 1 where {@code |S| = 0}); the harmonic enhancement
 * is a median filter of the magnitude along time (size {@code (1, 31)}), the percussive one along frequency (size
 * {@code (31, 1)}), both with scipy's {@code 'reflect'} mode ({@link MedianFilter}); the mask is {@code util.softmask(H, P, power=2, split_zeros=True)} (margins of 1 split
 * the bins where both enhancements are below {@code tiny(float32)} half and half):
 * {@code (H/Z)² / ((H/Z)² + (P/Z)²)} with {@code Z = max(H, P)}.
 *
 * <p>The percussive part is not returned: {@code effects.harmonic} does not use it. Immutable and thread-safe.
 */
public final class Hpss {
    public static final int KERNEL_SIZE = 31;

    private final MedianFilter median = new MedianFilter(KERNEL_SIZE);

    /** The harmonic component of {@code stft}, complex64, same shape. */
    public Spectrogram harmonic(Spectrogram stft) {
        int bins = stft.bins();
        int frames = stft.frames();
        float[] re = stft.realParts();
        float[] im = stft.imaginaryParts();
        int n = bins * frames;

        float[] magnitude = stft.magnitude();
        float[] percussive = new float[n];
        median.filterRows(magnitude, frames, bins, percussive);

        float[] magnitudeByBin = transpose(magnitude, frames, bins);
        float[] harmonicByBin = new float[n];
        median.filterRows(magnitudeByBin, bins, frames, harmonicByBin);

        float[] outRe = new float[n];
        float[] outIm = new float[n];
        for (int t = 0; t < frames; t++) {
            ClipDeadline.check();
            for (int b = 0; b < bins; b++) {
                int i = t * bins + b;
                float mask = softmask(harmonicByBin[b * frames + t], percussive[i]);
                float m = magnitude[i];
                float scaled = m * mask;
                boolean zero = m == 0f;
                float divisor = zero ? 1f : m;
                float phaseRe = re[i] / divisor + (zero ? 1f : 0f);
                float phaseIm = im[i] / divisor;
                outRe[i] = scaled * phaseRe;
                outIm[i] = scaled * phaseIm;
            }
        }
        return new Spectrogram(bins, frames, outRe, outIm);
    }

    /** {@code util.softmask(x, ref, power=2, split_zeros=True)} of one element, in float32. */
    static float softmask(float x, float ref) {
        float z = Math.max(x, ref);
        if (z < Float.MIN_NORMAL) {
            return 0.5f;
        }
        float a = x / z;
        float b = ref / z;
        float mask = a * a;
        float refMask = b * b;
        return mask / (mask + refMask);
    }

    private static float[] transpose(float[] in, int rows, int columns) {
        float[] out = new float[in.length];
        for (int r = 0; r < rows; r++) {
            int offset = r * columns;
            for (int c = 0; c < columns; c++) {
                out[c * rows + r] = in[offset + c];
            }
        }
        return out;
    }
}
