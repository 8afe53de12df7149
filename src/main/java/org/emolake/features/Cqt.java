package org.emolake.features;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.emolake.audio.Resampler;

/**
 * The constant-Q transform inside {@code librosa.feature.chroma_cqt}: {@code cqt(y, sr=22050, hop_length=512,
 * fmin=C1 · 2^(tuning/36), n_bins=252, bins_per_octave=36, filter_scale=1, norm=1, sparsity=0.01, window='hann',
 * scale=True, pad_mode='constant', res_type='soxr_hq')}, i.e. {@code vqt(gamma=0)}, returned as its magnitude
 * {@code np.abs(C)} (all that {@code chroma_cqt} uses).
 *
 * <p>librosa 0.10.2's recursive algorithm: no early downsampling at this configuration; then for each of the 7
 * octaves, from the top down, the centred STFT of the current signal (n_fft 1024, a window of ones, zero padding,
 * hop 512 / 2^i, float64 FFT stored as complex64; only the bins the basis reads, and from hop 128 down by the sliding
 * DFT of {@link BandSpectra}) is multiplied by that octave's sparse frequency-domain filter
 * basis (complex64 sums in float32, as scipy's sparse product does), and the signal is resampled by
 * {@code resample(orig_sr=2, target_sr=1, res_type='soxr_hq', scale=True)} (libsoxr, {@link Resampler}) for the next
 * octave. The responses are trimmed to the fewest frames of any octave, stacked from the lowest bin, and divided
 * by {@code sqrt(lengths)} ({@code scale=True}).
 *
 * <p>Each octave's basis ({@link CqtOctaveBasis}) is {@code filters.wavelet} (hann-windowed complex exponentials, L1-normalised, centred in
 * 1024 samples, complex64) scaled by {@code lengths / n_fft}, transformed (float64 FFT, non-negative frequencies),
 * sparsified by {@code util.sparsify_rows(quantile=0.01)} and multiplied by {@code sqrt(sr / octave_sr)}.
 *
 * <p>Instances are immutable and thread-safe; {@link #forTuning} builds each tuning's bases once and caches them
 * (estimated tunings take at most 101 distinct values).
 */
public final class Cqt {
    public static final double SAMPLE_RATE = 22050.0;
    public static final int HOP_LENGTH = 512;
    public static final int BINS_PER_OCTAVE = 36;
    public static final int N_OCTAVES = 7;
    public static final int N_BINS = BINS_PER_OCTAVE * N_OCTAVES;
    /** {@code note_to_hz('C1')}. */
    public static final double C1 = 440.0 * Math.pow(2.0, (24 - 69.0) / 12.0);

    /** librosa's {@code WINDOW_BANDWIDTHS['hann']}. */
    private static final double HANN_BANDWIDTH = 1.50018310546875;
    /** Beyond this many cached tunings, bases are built per call instead of cached (never with estimated tunings). */
    private static final int MAX_CACHED_TUNINGS = 256;
    private static final Map<Double, Cqt> BY_TUNING = new ConcurrentHashMap<>();

    private final double tuning;
    private final double[] frequencies;
    private final double[] alpha;
    private final double[] lengths;
    /** {@code sqrt(lengths)}, by which {@code scale=True} divides each response. */
    private final double[] sqrtLengths;
    private final double filterCutoff;
    /** Octave bases from the top octave down. */
    private final CqtOctaveBasis[] octaves;

    private Cqt(double tuning) {
        this(tuning, true);
    }

    /** With {@code fromTable}, the octave bases come from {@link CqtBasisTable} when it holds this tuning. */
    private Cqt(double tuning, boolean fromTable) {
        this.tuning = tuning;
        double fmin = C1 * Math.pow(2.0, tuning / BINS_PER_OCTAVE);
        frequencies = new double[N_BINS];
        for (int o = 0; o < N_OCTAVES; o++) {
            for (int k = 0; k < BINS_PER_OCTAVE; k++) {
                double ratio = Math.pow(2.0, o) * Math.pow(2.0, k / (double) BINS_PER_OCTAVE);
                frequencies[o * BINS_PER_OCTAVE + k] = ratio * fmin;
            }
        }
        alpha = relativeBandwidth(frequencies);
        lengths = waveletLengths(frequencies, alpha, SAMPLE_RATE);
        sqrtLengths = new double[N_BINS];
        for (int i = 0; i < N_BINS; i++) {
            sqrtLengths[i] = Math.sqrt(lengths[i]);
        }
        double cutoff = 0.0;
        for (int i = 0; i < N_BINS; i++) {
            double q = 1.0 / alpha[i];
            cutoff = Math.max(cutoff, frequencies[i] * (1 + 0.5 * HANN_BANDWIDTH / q));
        }
        filterCutoff = cutoff;
        if (filterCutoff > SAMPLE_RATE / 2) {
            throw new IllegalArgumentException("CQT filters up to " + filterCutoff + " Hz exceed the Nyquist frequency");
        }
        CqtOctaveBasis[] stored = fromTable ? CqtBasisTable.read(tuning, frequencies, alpha) : null;
        if (stored != null) {
            octaves = stored;
        } else {
            octaves = new CqtOctaveBasis[N_OCTAVES];
            for (int i = 0; i < N_OCTAVES; i++) {
                octaves[i] = CqtOctaveBasis.compute(i, octaveFirstBin(i), frequencies, alpha, octaveSampleRate(i));
            }
        }
    }

    /** The bases computed here, never read from {@link CqtBasisTable}: what the table is made from and checked by. */
    static Cqt computed(double tuning) {
        return new Cqt(tuning, false);
    }

    static int octaveFirstBin(int fromTop) {
        return N_BINS - BINS_PER_OCTAVE * (fromTop + 1);
    }

    static double octaveSampleRate(int fromTop) {
        return SAMPLE_RATE / (1 << fromTop);
    }

    /** The CQT for a tuning (fraction of a 1/36-octave bin), built once per tuning value. */
    public static Cqt forTuning(double tuning) {
        Cqt cached = BY_TUNING.get(tuning);
        if (cached != null) {
            return cached;
        }
        if (BY_TUNING.size() >= MAX_CACHED_TUNINGS) {
            return new Cqt(tuning);
        }
        return BY_TUNING.computeIfAbsent(tuning, Cqt::new);
    }

    public double tuning() {
        return tuning;
    }

    /** Centre frequencies of the 252 bins (Hz). */
    public double[] frequencies() {
        return frequencies.clone();
    }

    /** Relative bandwidths {@code filters._relative_bandwidth(freqs)}. */
    public double[] alpha() {
        return alpha.clone();
    }

    /** Filter lengths at 22050 Hz ({@code filters.wavelet_lengths}), by which {@code scale=True} divides. */
    public double[] lengths() {
        return lengths.clone();
    }

    public double filterCutoff() {
        return filterCutoff;
    }

    /** Octave {@code fromTop} (0 = the top octave, at 22050 Hz). */
    CqtOctaveBasis octave(int fromTop) {
        return octaves[fromTop];
    }

    /** Frames of the CQT of {@code n} samples: the fewest frames of any octave. */
    public int frameCount(int n) {
        int frames = Integer.MAX_VALUE;
        int length = n;
        for (int i = 0; i < N_OCTAVES; i++) {
            frames = Math.min(frames, 1 + length / (HOP_LENGTH >> i));
            length = (length + 1) / 2;
        }
        return frames;
    }

    /**
     * {@code np.abs(cqt(y, ...))} in float32, frame-major: index {@code frame * 252 + bin}, bin 0 at
     * {@code fmin}.
     */
    public float[] magnitude(float[] y) {
        return magnitude(y, Workspace.NONE);
    }

    /** {@link #magnitude(float[])}, widening each octave's signal into the workspace. */
    float[] magnitude(float[] y, Workspace workspace) {
        int frames = frameCount(y.length);
        float[] out = new float[frames * N_BINS];
        int width = 0;
        for (CqtOctaveBasis basis : octaves) {
            width = Math.max(width, basis.lastColumn - basis.firstColumn + 1);
        }
        // One octave's spectra, one array per FFT bin (index [bin - firstColumn][frame]), and one row's responses
        float[][] spectraRe = new float[width][frames];
        float[][] spectraIm = new float[width][frames];
        float[] responseRe = new float[frames];
        float[] responseIm = new float[frames];
        float[] magnitude = new float[frames];
        float[] signal = y;
        for (int i = 0; i < N_OCTAVES; i++) {
            if (i > 0) {
                signal = Resampler.resample(signal, 2, 1, true);
            }
            CqtOctaveBasis basis = octaves[i];
            if (basis.spectra != null) {
                basis.spectra.compute(signal, frames, spectraRe, spectraIm, workspace);
            }
            basis.respond(spectraRe, spectraIm, frames, sqrtLengths, responseRe, responseIm, magnitude, out);
        }
        return out;
    }

    /** {@code filters._relative_bandwidth}: from the log-frequency spacing of neighbouring bins. */
    private static double[] relativeBandwidth(double[] freqs) {
        int n = freqs.length;
        double[] logf = new double[n];
        for (int i = 0; i < n; i++) {
            logf[i] = Math.log(freqs[i]) / Math.log(2.0);
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double bpo;
            if (i == 0) {
                bpo = 1 / (logf[1] - logf[0]);
            } else if (i == n - 1) {
                bpo = 1 / (logf[n - 1] - logf[n - 2]);
            } else {
                bpo = 2 / (logf[i + 1] - logf[i - 1]);
            }
            double r = Math.pow(2.0, 2 / bpo);
            out[i] = (r - 1) / (r + 1);
        }
        return out;
    }

    /** {@code filters.wavelet_lengths} with gamma 0 and filter_scale 1: {@code Q · sr / f} with {@code Q = 1/alpha}. */
    static double[] waveletLengths(double[] freqs, double[] alpha, double sr) {
        double[] out = new double[freqs.length];
        for (int i = 0; i < freqs.length; i++) {
            double q = 1.0 / alpha[i];
            out[i] = q * sr / freqs[i];
        }
        return out;
    }
}
