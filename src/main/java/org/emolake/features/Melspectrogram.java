package org.emolake.features;

import java.util.Objects;

/**
 * {@code librosa.feature.melspectrogram(S=np.abs(stft(y)) ** 2, sr=22050, n_fft=2048)}: the float32 power spectrogram
 * through the float32 {@link MelFilterbank} (128 Slaney mels by default), giving a float32 {@code [mel][frame]} matrix.
 *
 * <p>librosa multiplies with {@code np.einsum(..., optimize=True)}, i.e. a float32 BLAS sgemm; here each dot product
 * is accumulated in float64 over the filter's non-zero bins and rounded once, which differs from the sgemm result by
 * a few float32 ulps (relative error ~1e-7). Immutable and thread-safe.
 */
public final class Melspectrogram {
    private static final Melspectrogram DEFAULT = new Melspectrogram(MelFilterbank.librosaDefault());

    private final MelFilterbank filterbank;

    public Melspectrogram(MelFilterbank filterbank) {
        this.filterbank = Objects.requireNonNull(filterbank, "filterbank");
    }

    /** 128 mels, sr 22050, n_fft 2048, sharing {@link MelFilterbank#librosaDefault()}. */
    public static Melspectrogram librosaDefault() {
        return DEFAULT;
    }

    public MelFilterbank filterbank() {
        return filterbank;
    }

    /** The mel power spectrogram {@code [mel][frame]} of a clip, from its (cached) power spectrogram. */
    public float[][] compute(SpectralFrames frames) {
        if (frames.bins() != filterbank.bins()) {
            throw new IllegalArgumentException("Cannot compute melspectrogram: spectrogram has " + frames.bins()
                    + " bins, the filterbank " + filterbank.bins() + " (n_fft " + filterbank.nFft() + ")");
        }
        return filterbank.apply(frames.powerByBin(), frames.frames());
    }

    /** The mel spectrogram of a frame-major float32 power spectrogram ({@code frames × bins}). */
    public float[][] fromPower(float[] power, int frames) {
        return filterbank.apply(power, frames);
    }
}
