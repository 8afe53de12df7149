package org.emolake.features;

import java.util.Arrays;

/**
 * {@code librosa.filters.mel(sr, n_fft, n_mels=128, fmin=0.0, fmax=sr/2, htk=False, norm='slaney',
 * dtype=np.float32)}: triangular filters on the Slaney mel scale, each scaled to unit area
 * ({@code 2 / (f[i+2] - f[i])}).
 *
 * <p>Built as librosa builds it: the triangles in float64, stored into a float32 array, then multiplied in place by
 * the float64 Slaney factors ({@code weights *= enorm} computes in float64 and rounds to float32 again). The float64
 * variant ({@code dtype=np.float64}) is kept as well, for reference.
 *
 * <p>Immutable and thread-safe; {@link #librosaDefault()} is built once and shared.
 */
public final class MelFilterbank {
    public static final int DEFAULT_N_MELS = 128;

    /** Slaney scale constants, as in {@code librosa.hz_to_mel(htk=False)}. */
    private static final double F_SP = 200.0 / 3;
    private static final double MIN_LOG_HZ = 1000.0;
    private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
    private static final double LOGSTEP = Math.log(6.4) / 27.0;

    /** Declared after the scale constants it needs. */
    private static final MelFilterbank DEFAULT = new MelFilterbank(22050, Stft.DEFAULT_N_FFT, DEFAULT_N_MELS);

    private final double sampleRate;
    private final int nFft;
    private final int mels;
    private final int bins;
    private final double[] melEdges;
    private final float[][] weights;
    private final double[][] weights64;
    /** First and one-past-last non-zero bin of each filter. */
    private final int[] start;
    private final int[] end;
    /** The float32 weights of {@code [start, end)} widened to float64, per filter. */
    private final double[][] band;

    /** {@code filters.mel(sr=sampleRate, n_fft=nFft, n_mels=nMels)} with librosa's other defaults. */
    public MelFilterbank(double sampleRate, int nFft, int nMels) {
        if (!(sampleRate > 0) || nFft < 2 || nMels < 1) {
            throw new IllegalArgumentException("Cannot build mel filterbank: need sr > 0, n_fft >= 2, n_mels >= 1 (sr "
                    + sampleRate + ", n_fft " + nFft + ", n_mels " + nMels + ")");
        }
        this.sampleRate = sampleRate;
        this.nFft = nFft;
        this.mels = nMels;
        this.bins = 1 + nFft / 2;
        double[] fftFreqs = fftFrequencies(sampleRate, nFft);
        this.melEdges = melFrequencies(nMels + 2, 0.0, sampleRate / 2);
        this.weights = new float[nMels][bins];
        this.weights64 = new double[nMels][bins];
        this.start = new int[nMels];
        this.end = new int[nMels];
        this.band = new double[nMels][];
        for (int i = 0; i < nMels; i++) {
            double fdiffLow = melEdges[i + 1] - melEdges[i];
            double fdiffHigh = melEdges[i + 2] - melEdges[i + 1];
            double enorm = 2.0 / (melEdges[i + 2] - melEdges[i]);
            int first = bins;
            int last = -1;
            for (int k = 0; k < bins; k++) {
                // ramps = np.subtract.outer(mel_f, fftfreqs);
                // lower = -ramps[i] / fdiff[i]; upper = ramps[i + 2] / fdiff[i + 1]
                double lower = -(melEdges[i] - fftFreqs[k]) / fdiffLow;
                double upper = (melEdges[i + 2] - fftFreqs[k]) / fdiffHigh;
                double w = Math.max(0.0, Math.min(lower, upper));
                weights64[i][k] = w * enorm;
                float w32 = (float) w;
                weights[i][k] = (float) (w32 * enorm);
                if (weights[i][k] != 0f) {
                    first = Math.min(first, k);
                    last = k;
                }
            }
            start[i] = last < 0 ? 0 : first;
            end[i] = last < 0 ? 0 : last + 1;
            band[i] = new double[end[i] - start[i]];
            for (int k = start[i]; k < end[i]; k++) {
                band[i][k - start[i]] = weights[i][k];
            }
        }
    }

    /** {@code filters.mel(sr=22050, n_fft=2048, n_mels=128)}, built once. */
    public static MelFilterbank librosaDefault() {
        return DEFAULT;
    }

    public double sampleRate() {
        return sampleRate;
    }

    public int nFft() {
        return nFft;
    }

    public int mels() {
        return mels;
    }

    public int bins() {
        return bins;
    }

    /** The float32 weight of FFT bin {@code bin} in filter {@code mel}. */
    public float weight(int mel, int bin) {
        return weights[mel][bin];
    }

    /** A copy of the float32 filterbank, {@code [mel][bin]}: librosa's return value. */
    public float[][] weights() {
        float[][] out = new float[mels][];
        for (int i = 0; i < mels; i++) {
            out[i] = weights[i].clone();
        }
        return out;
    }

    /** A copy of the same filterbank built with {@code dtype=np.float64}, {@code [mel][bin]}. */
    public double[][] weightsFloat64() {
        double[][] out = new double[mels][];
        for (int i = 0; i < mels; i++) {
            out[i] = weights64[i].clone();
        }
        return out;
    }

    /** The {@code n_mels + 2} band edges in Hz ({@code mel_frequencies(n_mels + 2, fmin=0, fmax=sr/2)}). */
    public double[] melFrequencies() {
        return melEdges.clone();
    }

    /**
     * {@code mel_basis @ S}: the float32 mel spectrogram {@code [mel][frame]} of a frame-major float32 spectrogram
     * ({@code frames × bins()} values, index {@code frame * bins + bin}).
     *
     * <p>Each dot product runs over the filter's non-zero bins in float64 and is rounded to float32 once; librosa's
     * {@code np.einsum(..., optimize=True)} is a float32 BLAS sgemm, whose own rounding differs from this by a few
     * float32 ulps (the sgemm summation order depends on the BLAS build and CPU).
     */
    public float[][] apply(float[] spectrogram, int frames) {
        if (spectrogram.length != frames * bins) {
            throw new IllegalArgumentException("Cannot apply mel filterbank: spectrogram has " + spectrogram.length
                    + " values, expected frames " + frames + " × bins " + bins);
        }
        return apply(SpectralFrames.byBinFloat64(spectrogram, frames, bins), frames);
    }

    /**
     * {@link #apply(float[], int)} of a spectrogram already widened to float64 and laid out by bin
     * ({@code [bin][frame]}, {@link SpectralFrames#powerByBin()}): the frames are accumulated side by side (each dot
     * product in the same order), so the JIT vectorises the loop over frames.
     */
    public float[][] apply(double[][] byBin, int frames) {
        if (byBin.length != bins) {
            throw new IllegalArgumentException("Cannot apply mel filterbank: spectrogram has " + byBin.length
                    + " bins, expected " + bins);
        }
        float[][] out = new float[mels][frames];
        double[] acc = new double[frames];
        for (int m = 0; m < mels; m++) {
            double[] w = band[m];
            Arrays.fill(acc, 0.0);
            for (int k = 0; k < w.length; k++) {
                double weight = w[k];
                double[] p = byBin[start[m] + k];
                for (int t = 0; t < frames; t++) {
                    acc[t] += weight * p[t];
                }
            }
            float[] row = out[m];
            for (int t = 0; t < frames; t++) {
                row[t] = (float) acc[t];
            }
        }
        return out;
    }

    /** {@code librosa.fft_frequencies(sr, n_fft)} = {@code np.fft.rfftfreq(n_fft, d=1/sr)}. */
    public static double[] fftFrequencies(double sampleRate, int nFft) {
        double val = 1.0 / (nFft * (1.0 / sampleRate));
        double[] out = new double[nFft / 2 + 1];
        for (int k = 0; k < out.length; k++) {
            out[k] = k * val;
        }
        return out;
    }

    /** {@code librosa.mel_frequencies(n, fmin, fmax, htk=False)}: {@code n} Hz values evenly spaced in Slaney mels. */
    public static double[] melFrequencies(int n, double fmin, double fmax) {
        double minMel = hzToMel(fmin);
        double maxMel = hzToMel(fmax);
        double[] hz = new double[n];
        // np.linspace: i * step + start, the last value set to stop exactly
        double step = (maxMel - minMel) / (n - 1);
        for (int i = 0; i < n; i++) {
            double mel = i == n - 1 && n > 1 ? maxMel : i * step + minMel;
            hz[i] = melToHz(mel);
        }
        return hz;
    }

    /** {@code librosa.hz_to_mel(f, htk=False)}: linear below 1 kHz, logarithmic above. */
    public static double hzToMel(double hz) {
        if (hz >= MIN_LOG_HZ) {
            return MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOGSTEP;
        }
        return hz / F_SP;
    }

    /** {@code librosa.mel_to_hz(m, htk=False)}. */
    public static double melToHz(double mel) {
        if (mel >= MIN_LOG_MEL) {
            return MIN_LOG_HZ * Math.exp(LOGSTEP * (mel - MIN_LOG_MEL));
        }
        return F_SP * mel;
    }
}
