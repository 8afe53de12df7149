package org.emolake.features;

/**
 * {@code librosa.effects.harmonic(y, kernel_size=31, power=2.0, mask=False, margin=1.0)} with the default STFT
 * (n_fft 2048, hop 512, Hann, centred, zero padding): {@code istft(hpss(stft(y))[0], dtype=float32,
 * length=len(y))}. See {@link Hpss} and {@link Istft} for the arithmetic.
 *
 * <p>Immutable and thread-safe.
 */
public final class EffectsHarmonic {
    private final Stft stft;
    private final Hpss hpss = new Hpss();
    private final Istft istft = Istft.librosaDefault();

    public EffectsHarmonic() {
        this(Stft.librosaDefault());
    }

    /** Uses {@code stft} (librosa's defaults) when the caller has not computed the spectrogram of y. */
    public EffectsHarmonic(Stft stft) {
        this.stft = stft;
    }

    /** The harmonic signal of {@code y}, float32, {@code y.length} samples. */
    public float[] harmonic(float[] y) {
        return harmonic(y, stft.transform(y));
    }

    /** The harmonic signal of {@code y} given its default STFT (computed once per clip by the extractor). */
    public float[] harmonic(float[] y, Spectrogram stftOfY) {
        return harmonic(y, stftOfY, stftOfY.magnitude());
    }

    /**
     * The harmonic signal of {@code y} given its default STFT and that STFT's magnitude
     * ({@link Spectrogram#magnitude()}, only read), when the extractor has both already.
     */
    public float[] harmonic(float[] y, Spectrogram stftOfY, float[] magnitudeOfStft) {
        return harmonic(y, stftOfY, magnitudeOfStft, Workspace.NONE);
    }

    /** {@link #harmonic(float[], Spectrogram, float[])} with HPSS's and the ISTFT's temporaries in the workspace. */
    float[] harmonic(float[] y, Spectrogram stftOfY, float[] magnitudeOfStft, Workspace workspace) {
        if (stftOfY.frames() != stft.frameCount(y.length)) {
            throw new IllegalArgumentException("STFT has " + stftOfY.frames() + " frames, a signal of " + y.length
                    + " samples has " + stft.frameCount(y.length));
        }
        return istft.inverse(hpss.harmonic(stftOfY, magnitudeOfStft, workspace), y.length, workspace);
    }
}
