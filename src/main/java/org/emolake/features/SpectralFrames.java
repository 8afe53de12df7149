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
    private double[][] powerByBin;

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

    /**
     * {@link #power()} widened to float64 and laid out by bin ({@code [bin][frame]}), for the filterbank products
     * (mel, chroma) that accumulate all frames side by side; computed on first use, shared, not to be modified.
     */
    public synchronized double[][] powerByBin() {
        if (powerByBin == null) {
            powerByBin = byBinFloat64(power(), frames(), bins());
        }
        return powerByBin;
    }

    /** Frame-major float32 values as one float64 array per bin, eight frames at a time (a cache line per bin). */
    static double[][] byBinFloat64(float[] values, int frames, int bins) {
        double[][] out = new double[bins][frames];
        for (int first = 0; first < frames; first += 8) {
            int last = Math.min(frames, first + 8);
            for (int k = 0; k < bins; k++) {
                double[] row = out[k];
                for (int t = first; t < last; t++) {
                    row[t] = values[t * bins + k];
                }
            }
        }
        return out;
    }
}
