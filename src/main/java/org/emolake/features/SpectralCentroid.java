package org.emolake.features;

import org.emolake.numerics.NumpySums;

/**
 * {@code librosa.feature.spectral_centroid(y=y, sr=22050, n_fft=2048, hop_length=512)}: per frame, the mean of the
 * bin frequencies weighted by the magnitude spectrum, in float64.
 *
 * <p>As librosa: the float32 magnitude is normalised per frame with {@code util.normalize(S, norm=1, axis=-2)} (the
 * L1 norm summed in float64 with numpy's pairwise summation; frames whose norm is below float32's {@code tiny} are left
 * as they are, so silence gives 0; the quotient is stored back as float32), then {@code sum(freq * S_norm)} over bins
 * in float64, pairwise. Immutable and thread-safe.
 */
public final class SpectralCentroid {
    private static final SpectralCentroid DEFAULT = new SpectralCentroid(22050, Stft.DEFAULT_N_FFT);
    /** {@code np.finfo(np.float32).tiny}. */
    private static final double TINY32 = Float.MIN_NORMAL;

    private final double[] freq;

    public SpectralCentroid(double sampleRate, int nFft) {
        this.freq = MelFilterbank.fftFrequencies(sampleRate, nFft);
    }

    /** sr 22050, n_fft 2048. */
    public static SpectralCentroid librosaDefault() {
        return DEFAULT;
    }

    /** One float64 centroid (Hz) per frame, from the clip's magnitude spectrogram. */
    public double[] compute(SpectralFrames frames) {
        int bins = frames.bins();
        if (bins != freq.length) {
            throw new IllegalArgumentException("Cannot compute spectral_centroid: spectrogram has " + bins
                    + " bins, expected " + freq.length);
        }
        float[] mag = frames.magnitude();
        int n = frames.frames();
        double[] out = new double[n];
        double[] col = new double[bins];
        for (int t = 0; t < n; t++) {
            int base = t * bins;
            for (int k = 0; k < bins; k++) {
                col[k] = Math.abs(mag[base + k]);
            }
            double length = NumpySums.pairwise(col, 0, bins);
            if (length < TINY32) {
                length = 1.0;
            }
            for (int k = 0; k < bins; k++) {
                float normalized = (float) (mag[base + k] / length);
                col[k] = freq[k] * normalized;
            }
            out[t] = NumpySums.pairwise(col, 0, bins);
        }
        return out;
    }
}
