package org.emolake.features;

/**
 * {@code librosa.feature.spectral_rolloff(y=y, sr=22050, n_fft=2048, hop_length=512, roll_percent=0.85)}: per frame,
 * the lowest bin frequency at which the cumulative magnitude reaches {@code roll_percent} of the frame's total, in
 * float64.
 *
 * <p>As librosa: the cumulative sum over bins is a float32 running sum of the float32 magnitude, the threshold is
 * {@code float32(roll_percent) × total} in float32, and the result is the frequency of the first bin whose cumulative
 * sum is not below the threshold (for silence, bin 0: 0 Hz). The result is always one of the bin frequencies, so a
 * one-ulp difference in the magnitude right at the threshold would move it by a whole bin (10.77 Hz). Immutable and
 * thread-safe.
 */
public final class SpectralRolloff {
    public static final double DEFAULT_ROLL_PERCENT = 0.85;

    private static final SpectralRolloff DEFAULT = new SpectralRolloff(22050, Stft.DEFAULT_N_FFT,
            DEFAULT_ROLL_PERCENT);

    private final double[] freq;
    private final float rollPercent;

    public SpectralRolloff(double sampleRate, int nFft, double rollPercent) {
        if (!(rollPercent > 0.0 && rollPercent < 1.0)) {
            throw new IllegalArgumentException("Cannot build spectral_rolloff: roll_percent must lie in (0, 1) ("
                    + rollPercent + ")");
        }
        this.freq = MelFilterbank.fftFrequencies(sampleRate, nFft);
        this.rollPercent = (float) rollPercent;
    }

    /** sr 22050, n_fft 2048, roll_percent 0.85. */
    public static SpectralRolloff librosaDefault() {
        return DEFAULT;
    }

    /** One float64 rolloff frequency (Hz) per frame, from the clip's magnitude spectrogram. */
    public double[] compute(SpectralFrames frames) {
        int bins = frames.bins();
        if (bins != freq.length) {
            throw new IllegalArgumentException("Cannot compute spectral_rolloff: spectrogram has " + bins
                    + " bins, expected " + freq.length);
        }
        float[] mag = frames.magnitude();
        int n = frames.frames();
        double[] out = new double[n];
        float[] cumulative = new float[bins];
        for (int t = 0; t < n; t++) {
            int base = t * bins;
            float sum = 0f;
            for (int k = 0; k < bins; k++) {
                sum += mag[base + k];
                cumulative[k] = sum;
            }
            float threshold = rollPercent * sum;
            double rolloff = Double.NaN;
            for (int k = 0; k < bins; k++) {
                if (!(cumulative[k] < threshold)) {
                    rolloff = freq[k];
                    break;
                }
            }
            out[t] = rolloff;
        }
        return out;
    }
}
