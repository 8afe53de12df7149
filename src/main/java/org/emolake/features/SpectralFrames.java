package org.emolake.features;

import java.util.Objects;

/**
 * One clip's STFT together with its magnitude {@code np.abs(S)} and power {@code np.abs(S) ** 2} spectrograms, each
 * computed at most once and then shared by every block that reads it (melspectrogram/MFCC and chroma read the power,
 * centroid, rolloff and contrast the magnitude).
 *
 * <p>Arrays are float32 and frame-major (index {@code frame * bins + bin}), the layout {@link Spectrogram} uses; they
 * are returned without copying, so treat them as read-only. The lazy fields are computed under the instance lock, so
 * an instance may be shared between threads; typically it lives for one clip on one thread.
 */
public final class SpectralFrames {
    private final Spectrogram stft;
    private float[] magnitude;
    private float[] power;

    public SpectralFrames(Spectrogram stft) {
        this.stft = Objects.requireNonNull(stft, "stft");
    }

    /** The STFT of {@code y} by {@code stft} (share one {@link Stft}: it holds the FFT plan). */
    public static SpectralFrames of(Stft stft, float[] y) {
        return new SpectralFrames(stft.transform(y));
    }

    public Spectrogram spectrogram() {
        return stft;
    }

    public int bins() {
        return stft.bins();
    }

    public int frames() {
        return stft.frames();
    }

    /** {@code np.abs(S)} ({@link Spectrogram#magnitude()}): float32, frame-major; computed on first use. */
    public synchronized float[] magnitude() {
        if (magnitude == null) {
            magnitude = stft.magnitude();
        }
        return magnitude;
    }

    /** {@code np.abs(S) ** 2} ({@link Spectrogram#power()}) from the cached magnitude; computed on first use. */
    public synchronized float[] power() {
        if (power == null) {
            power = Spectrogram.squared(magnitude());
        }
        return power;
    }
}
