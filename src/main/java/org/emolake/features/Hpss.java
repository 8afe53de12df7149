package org.emolake.features;

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
        return harmonic(stft, stft.magnitude());
    }

    /**
     * The harmonic component of {@code stft} given its magnitude {@code np.abs(S)} ({@link Spectrogram#magnitude()},
     * frame-major), when the caller has it already. {@code magnitude} is only read.
     */
    public Spectrogram harmonic(Spectrogram stft, float[] magnitude) {
        return harmonic(stft, magnitude, Workspace.NONE);
    }

    /**
     * {@link #harmonic(Spectrogram, float[])} with every temporary and the result in the workspace: the result is
     * valid until its {@code HARMONIC_RE}/{@code HARMONIC_IM} slots are reused.
     */
    Spectrogram harmonic(Spectrogram stft, float[] magnitude, Workspace workspace) {
        int bins = stft.bins();
        int frames = stft.frames();
        int n = bins * frames;
        if (magnitude.length != n) {
            throw new IllegalArgumentException("Magnitude of " + magnitude.length + " values for a " + bins + " x "
                    + frames + " spectrogram");
        }
        float[] re = stft.realParts();
        float[] im = stft.imaginaryParts();

        // Both filters write frame-major: along frequency (each frame's bins), along time (each bin's frames).
        float[] percussive = workspace.floats(Workspace.Slot.PERCUSSIVE, n);
        median.filterRows(magnitude, frames, bins, percussive, workspace);
        float[] harmonic = workspace.floats(Workspace.Slot.HARMONIC, n);
        median.filterColumns(magnitude, frames, bins, harmonic, workspace);

        float[] mask = workspace.floats(Workspace.Slot.MASK, n);
        float[] outRe = workspace.floats(Workspace.Slot.HARMONIC_RE, n);
        float[] outIm = workspace.floats(Workspace.Slot.HARMONIC_IM, n);
        applyMask(harmonic, percussive, magnitude, re, im, mask, outRe, outIm);
        return new Spectrogram(bins, frames, outRe, outIm);
    }

    /**
     * {@code (|S| · softmask(H, P)) · phase(S)} element by element, in float32: the harmonic STFT from the two
     * enhancements, the magnitude and the STFT ({@code magnitude.length} values; the other arrays may be longer).
     */
    static void applyMask(float[] harmonic, float[] percussive, float[] magnitude, float[] re, float[] im,
            float[] mask, float[] outRe, float[] outIm) {
        // Branch-free main loop (vectorised by the JIT), exact wherever both enhancements are finite and their
        // maximum is at least tiny(float32); the other elements (zero or subnormal maxima, NaN, infinities) are
        // recomputed with softmask's branches below.
        int n = magnitude.length;
        for (int i = 0; i < n; i++) {
            float x = harmonic[i];
            float p = percussive[i];
            float z = Math.max(Math.max(x, p), Float.MIN_NORMAL);
            float a = x / z;
            float b = p / z;
            float aa = a * a;
            mask[i] = aa / (aa + b * b);
        }
        for (int i = 0; i < n; i++) {
            float x = harmonic[i];
            float p = percussive[i];
            if (!(x >= Float.MIN_NORMAL || p >= Float.MIN_NORMAL) || !(x <= Float.MAX_VALUE && p <= Float.MAX_VALUE)) {
                mask[i] = softmask(x, p);
            }
        }
        for (int i = 0; i < n; i++) {
            float m = magnitude[i];
            float scaled = m * mask[i];
            // m == 0 (phase 1) is redone below; "+ 0f" as in librosa's "+ zero" turns a -0 phase into +0
            float divisor = Math.max(m, Float.MIN_VALUE);
            float phaseRe = re[i] / divisor + 0f;
            float phaseIm = im[i] / divisor;
            outRe[i] = scaled * phaseRe;
            outIm[i] = scaled * phaseIm;
        }
        for (int i = 0; i < n; i++) {
            if (magnitude[i] == 0f) {
                float scaled = magnitude[i] * mask[i];
                outRe[i] = scaled * (re[i] / 1f + 1f);
                outIm[i] = scaled * (im[i] / 1f);
            }
        }
    }

    /**
     * The rule {@link #applyMask} implements with branch-free loops, written plainly one element at a time: the mask
     * by {@link #softmask}, the phase by {@code magphase} ({@code S / |S|}, 1 where {@code |S| = 0}: librosa adds
     * {@code zero} to the real part, which also turns a {@code -0} real part into {@code +0}). The reference
     * {@code HpssMaskTest} holds {@link #applyMask} equal to.
     */
    static void applyMaskPlainly(float[] harmonic, float[] percussive, float[] magnitude, float[] re, float[] im,
            float[] outRe, float[] outIm) {
        for (int i = 0; i < magnitude.length; i++) {
            float m = magnitude[i];
            float scaled = m * softmask(harmonic[i], percussive[i]);
            boolean zero = m == 0f;
            float divisor = zero ? 1f : m;
            outRe[i] = scaled * (re[i] / divisor + (zero ? 1f : 0f));
            outIm[i] = scaled * (im[i] / divisor);
        }
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
}
