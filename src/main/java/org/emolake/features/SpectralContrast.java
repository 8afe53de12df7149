package org.emolake.features;

import java.util.Arrays;

/**
 * {@code librosa.feature.spectral_contrast(y=y, sr=22050, n_fft=2048, hop_length=512, fmin=200.0, n_bands=6,
 * quantile=0.02, linear=False)}: per frame and octave band, the level of the spectral peaks minus that of the valleys,
 * {@code n_bands + 1} rows in float64.
 *
 * <p>As librosa: band edges {@code [0, fmin, 2·fmin, …, 2^n_bands·fmin]}; band {@code k} takes the bins with
 * {@code f_low <= freq <= f_high}, plus the bin below for {@code k > 0}, plus every bin above for the last band, and
 * drops its last bin unless it is the last band; {@code q = max(1, rint(quantile × bins counted before the drop))}.
 * Within each frame and band, valley and peak are the float32 means of the lowest and highest {@code q} magnitudes
 * in ascending order, as {@code np.mean} over {@code np.sort}'s first/last {@code q} rows computes them (a running
 * float32 sum, divided in float32). Then {@code power_to_db(peak) − power_to_db(valley)} on the float64
 * {@code (n_bands + 1) × frames} matrices, each with {@code ref=1, amin=1e-10, top_db=80} over its whole matrix — so
 * a clip's contrast depends on all of its frames. Silence gives 0 everywhere. Immutable and thread-safe.
 */
public final class SpectralContrast {
    public static final double DEFAULT_FMIN = 200.0;
    public static final int DEFAULT_N_BANDS = 6;
    public static final double DEFAULT_QUANTILE = 0.02;

    private static final int POSITIVE_INFINITY_BITS = Float.floatToRawIntBits(Float.POSITIVE_INFINITY);

    private static final SpectralContrast DEFAULT = new SpectralContrast(22050, Stft.DEFAULT_N_FFT, DEFAULT_FMIN,
            DEFAULT_N_BANDS, DEFAULT_QUANTILE);

    private final int bins;
    private final int nBands;
    /** Per band: the bins of the sub-band (after librosa's drop of the last one). */
    private final int[] bandStart;
    private final int[] bandLength;
    /** Per band: how many of the lowest/highest values the valley and peak means take. */
    private final int[] take;

    public SpectralContrast(double sampleRate, int nFft, double fmin, int nBands, double quantile) {
        if (nBands < 1) {
            throw new IllegalArgumentException("Cannot build spectral_contrast: n_bands must be a positive integer ("
                    + nBands + ")");
        }
        if (!(quantile > 0.0 && quantile < 1.0)) {
            throw new IllegalArgumentException("Cannot build spectral_contrast: quantile must lie in (0, 1) ("
                    + quantile + ")");
        }
        if (!(fmin > 0)) {
            throw new IllegalArgumentException("Cannot build spectral_contrast: fmin must be positive (" + fmin + ")");
        }
        double[] freq = MelFilterbank.fftFrequencies(sampleRate, nFft);
        this.bins = freq.length;
        this.nBands = nBands;
        double[] octa = new double[nBands + 2];
        for (int i = 1; i < octa.length; i++) {
            octa[i] = fmin * Math.pow(2.0, i - 1);
        }
        for (int i = 0; i < octa.length - 1; i++) {
            if (octa[i] >= 0.5 * sampleRate) {
                throw new IllegalArgumentException("Cannot build spectral_contrast: frequency band exceeds Nyquist ("
                        + octa[i] + " Hz); reduce fmin or n_bands");
            }
        }
        bandStart = new int[nBands + 1];
        bandLength = new int[nBands + 1];
        take = new int[nBands + 1];
        for (int k = 0; k <= nBands; k++) {
            double low = octa[k];
            double high = octa[k + 1];
            int first = -1;
            int last = -1;
            for (int b = 0; b < bins; b++) {
                if (freq[b] >= low && freq[b] <= high) {
                    if (first < 0) {
                        first = b;
                    }
                    last = b;
                }
            }
            if (first < 0) {
                throw new IllegalArgumentException("Cannot build spectral_contrast: band " + k + " (" + low + " to "
                        + high + " Hz) holds no FFT bin; increase n_fft");
            }
            // librosa's mask is contiguous: [first, last], widened as below
            int from = k > 0 ? first - 1 : first;
            int to = k == nBands ? bins - 1 : last;
            int counted = to - from + 1;
            int used = k < nBands ? counted - 1 : counted;
            bandStart[k] = from;
            bandLength[k] = used;
            take[k] = (int) Math.max(Math.rint(quantile * counted), 1);
        }
    }

    /**
     * The {@code q} smallest and {@code q} largest of {@code a[from .. from+len)} ({@code 1 <= q <= len}), each
     * ascending: the first and last {@code q} rows of {@code np.sort} (NaNs ignored), without sorting the band.
     *
     * <p>Kept by insertion into running lists; each new extreme costs a mispredicted branch or two, and in scan order
     * there are ~q·ln(len/q) of them. So bounds first: split the band into {@code q} interleaved groups; the largest
     * group minimum is at least the {@code q}-th smallest value (the {@code q} minima are values at or below it), and
     * the smallest group maximum at most the {@code q}-th largest. Only values within the bounds, a few more than
     * {@code q}, reach the insertions. The groups' extremes are taken on the float bits as ints (conditional moves:
     * no branch), which order non-negative floats as the floats do and put NaN above infinity; with a NaN or a
     * negative value in the band the bounds are NaN, which lets every value through.
     */
    static void selectExtremes(float[] a, int from, int len, int q, float[] low, float[] high) {
        int end = from + len;
        int lowBound = Integer.MIN_VALUE;
        int highBound = Integer.MAX_VALUE;
        int smallest = Integer.MAX_VALUE;
        int largest = Integer.MIN_VALUE;
        for (int first = from; first < from + q; first++) {
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            for (int j = first; j < end; j += q) {
                int bits = Float.floatToRawIntBits(a[j]);
                min = Math.min(min, bits);
                max = Math.max(max, bits);
            }
            lowBound = Math.max(lowBound, min);
            highBound = Math.min(highBound, max);
            smallest = Math.min(smallest, min);
            largest = Math.max(largest, max);
        }
        boolean ordered = smallest >= 0 && largest <= POSITIVE_INFINITY_BITS;
        float lowLimit = ordered ? Float.intBitsToFloat(lowBound) : Float.NaN;
        float highLimit = ordered ? Float.intBitsToFloat(highBound) : Float.NaN;

        for (int i = 0; i < q; i++) {
            low[i] = Float.POSITIVE_INFINITY;
            high[i] = Float.NEGATIVE_INFINITY;
        }
        for (int j = from; j < end; j++) {
            float v = a[j];
            if (!(v > lowLimit) && v < low[q - 1]) {
                int i = q - 1;
                while (i > 0 && low[i - 1] > v) {
                    low[i] = low[i - 1];
                    i--;
                }
                low[i] = v;
            }
            if (!(v < highLimit) && v > high[0]) {
                int i = 0;
                while (i < q - 1 && high[i + 1] < v) {
                    high[i] = high[i + 1];
                    i++;
                }
                high[i] = v;
            }
        }
    }

    /**
     * The rule {@link #selectExtremes} implements, written plainly: sort the band's values that are not NaN; the
     * first {@code q} are the lowest, the last {@code q} the highest, ascending (when fewer than {@code q} remain, the
     * missing lowest are {@code +infinity} and the missing highest {@code -infinity}). The reference
     * {@code SpectralContrastTest} holds the selection equal to; zeros of opposite signs may be picked or ordered
     * differently there, which leaves the sums and means the same.
     */
    static void sortedExtremes(float[] a, int from, int len, int q, float[] low, float[] high) {
        float[] sorted = new float[len];
        int count = 0;
        for (int j = from; j < from + len; j++) {
            if (!Float.isNaN(a[j])) {
                sorted[count++] = a[j];
            }
        }
        Arrays.sort(sorted, 0, count);
        for (int i = 0; i < q; i++) {
            low[i] = i < count ? sorted[i] : Float.POSITIVE_INFINITY;
            high[q - 1 - i] = i < count ? sorted[count - 1 - i] : Float.NEGATIVE_INFINITY;
        }
    }

    /** sr 22050, n_fft 2048, fmin 200, 6 bands, quantile 0.02, in dB. */
    public static SpectralContrast librosaDefault() {
        return DEFAULT;
    }

    /** Rows of the result ({@code n_bands + 1}). */
    public int rows() {
        return nBands + 1;
    }

    /** Contrast {@code [band][frame]} in dB, float64, from the clip's magnitude spectrogram. */
    public double[][] compute(SpectralFrames frames) {
        if (frames.bins() != bins) {
            throw new IllegalArgumentException("Cannot compute spectral_contrast: spectrogram has " + frames.bins()
                    + " bins, expected " + bins);
        }
        float[] mag = frames.magnitude();
        int n = frames.frames();
        int rows = nBands + 1;
        double[][] peak = new double[rows][n];
        double[][] valley = new double[rows][n];
        int maxTake = 1;
        for (int k = 0; k < rows; k++) {
            maxTake = Math.max(maxTake, take[k]);
        }
        float[] low = new float[maxTake];
        float[] high = new float[maxTake];
        for (int t = 0; t < n; t++) {
            int base = t * bins;
            for (int k = 0; k < rows; k++) {
                int from = base + bandStart[k];
                int len = bandLength[k];
                // numpy slicing: [:q] and [-q:] take the whole band when q exceeds it
                int q = Math.min(take[k], len);
                if (q == 0) {
                    // np.mean of an empty slice
                    valley[k][t] = Double.NaN;
                    peak[k][t] = Double.NaN;
                    continue;
                }
                selectExtremes(mag, from, len, q, low, high);
                // np.mean over the sorted rows: a running float32 sum in ascending order, divided in float32
                float lowSum = 0f;
                float highSum = 0f;
                for (int i = 0; i < q; i++) {
                    lowSum += low[i];
                    highSum += high[i];
                }
                valley[k][t] = lowSum / (float) q;
                peak[k][t] = highSum / (float) q;
            }
        }
        PowerToDb db = PowerToDb.librosaDefault();
        double[][] peakDb = db.apply(peak);
        double[][] valleyDb = db.apply(valley);
        double[][] out = new double[rows][n];
        for (int k = 0; k < rows; k++) {
            for (int t = 0; t < n; t++) {
                out[k][t] = peakDb[k][t] - valleyDb[k][t];
            }
        }
        return out;
    }
}
