package org.emolake.features;

/**
 * A complex64 short-time Fourier transform, as {@code librosa.stft} returns it: {@code bins × frames}.
 *
 * <p>Stored frame-major (one contiguous run of bins per frame), which is the order the FFT writes and the order the
 * per-frame features read. Instances are not copied on access: treat the arrays as read-only. The arrays may be
 * longer than {@code bins × frames} (a {@link Workspace}'s); only that many values belong to the spectrogram.
 */
public final class Spectrogram {
    private final int bins;
    private final int frames;
    private final float[] re;
    private final float[] im;

    Spectrogram(int bins, int frames, float[] re, float[] im) {
        this.bins = bins;
        this.frames = frames;
        this.re = re;
        this.im = im;
    }

    public int bins() {
        return bins;
    }

    public int frames() {
        return frames;
    }

    public float re(int bin, int frame) {
        return re[frame * bins + bin];
    }

    public float im(int bin, int frame) {
        return im[frame * bins + bin];
    }

    /** Real parts, index {@code frame * bins + bin}. */
    float[] realParts() {
        return re;
    }

    /** Imaginary parts, index {@code frame * bins + bin}. */
    float[] imaginaryParts() {
        return im;
    }

    /** {@code np.abs(S)} of the complex64 matrix as numpy computes it ({@link ComplexAbs}), index {@code frame * bins + bin}. */
    public float[] magnitude() {
        float[] out = new float[bins * frames];
        ComplexAbs.of(re, im, out, out.length);
        return out;
    }

    /**
     * {@code np.abs(S) ** 2} in float32, index {@code frame * bins + bin}: librosa's power spectrogram
     * ({@code _spectrogram(power=2)} squares the float32 magnitude).
     */
    public float[] power() {
        return squared(magnitude());
    }

    /** Element-wise square in float32, as numpy's {@code magnitude ** 2} on a float32 array. */
    static float[] squared(float[] magnitude) {
        float[] out = new float[magnitude.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = magnitude[i] * magnitude[i];
        }
        return out;
    }
}
