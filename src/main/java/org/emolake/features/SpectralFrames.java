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
    private final Workspace workspace;
    private float[] magnitude;
    private float[] power;
    private double[][] powerByBin;

    public SpectralFrames(Spectrogram stft) {
        this(stft, Workspace.NONE);
    }

    private SpectralFrames(Spectrogram stft, Workspace workspace) {
        this.stft = Objects.requireNonNull(stft, "stft");
        this.workspace = workspace;
    }

    /** The STFT of {@code y} by {@code stft} (share one {@link Stft}: it holds the FFT plan). */
    public static SpectralFrames of(Stft stft, float[] y) {
        return of(stft, y, Workspace.NONE);
    }

    /**
     * {@link #of(Stft, float[])} with the STFT and the power by bin in the workspace's arrays: the instance is valid
     * until the workspace's {@code STFT_*} or {@code POWER_BY_BIN} slots are reused (the next clip).
     */
    static SpectralFrames of(Stft stft, float[] y, Workspace workspace) {
        return new SpectralFrames(stft.transform(y, workspace), workspace);
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
     * {@link #power()} widened to float64 and laid out by bin ({@code [bin][frame]}, rows of at least
     * {@link #frames()} values), for the filterbank products (mel, chroma) that accumulate all frames side by side;
     * computed on first use, shared, not to be modified.
     */
    public synchronized double[][] powerByBin() {
        if (powerByBin == null) {
            powerByBin = workspace.doubleRows(Workspace.Slot.POWER_BY_BIN, bins(), frames());
            byBinFloat64(power(), frames(), bins(), powerByBin);
        }
        return powerByBin;
    }

    /** Frame-major float32 values as one float64 array per bin. */
    static double[][] byBinFloat64(float[] values, int frames, int bins) {
        double[][] out = new double[bins][frames];
        byBinFloat64(values, frames, bins, out);
        return out;
    }

    /** Frame-major float32 values into {@code out[bin][frame]}, eight frames at a time (a cache line per bin). */
    private static void byBinFloat64(float[] values, int frames, int bins, double[][] out) {
        for (int first = 0; first < frames; first += 8) {
            int last = Math.min(frames, first + 8);
            for (int k = 0; k < bins; k++) {
                double[] row = out[k];
                for (int t = first; t < last; t++) {
                    row[t] = values[t * bins + k];
                }
            }
        }
    }
}
