package org.emolake.features;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.emolake.numerics.NumpyCasts;

/**
 * {@code librosa.filters.chroma(sr=22050, n_fft=2048, n_chroma=12, tuning, ctroct=5.0, octwidth=2, norm=2,
 * base_c=True)}: a float32 {@code 12 × 1025} matrix mapping STFT bins to pitch classes C, C♯, …, B.
 *
 * <p>Built as librosa builds it, in float64: each FFT bin's position in 1/12 octaves relative to {@code A440 ·
 * 2^(tuning/12)}, a Gaussian bump per chroma around it (width from the bin spacing), columns L2-normalized, weighted by
 * a Gaussian over octaves centred on octave 5 with half-width 2, rows rolled to start at C, and rounded to float32.
 * Transcendental functions are Java's ({@code Math.log}, {@code exp}, {@code pow}), which may differ from numpy's in
 * the last float64 bit; the float32 result is unaffected except in rare last-bit rounding cases.
 *
 * <p>Filterbanks of the 100 tunings {@link EstimateTuning} can return (the histogram edges −0.5, −0.49, …, 0.49) are
 * built once on first use and shared; other tunings are built per call. Instances are immutable and thread-safe.
 */
public final class ChromaFilterbank {
    public static final int N_CHROMA = 12;
    public static final double SAMPLE_RATE = 22050;
    public static final int N_FFT = 2048;
    public static final int BINS = N_FFT / 2 + 1;

    private static final double CENTRE_OCTAVE = 5.0;
    private static final double OCTAVE_WIDTH = 2.0;
    private static final AtomicReferenceArray<ChromaFilterbank> BY_TUNING =
            new AtomicReferenceArray<>(PitchTuning.HISTOGRAM_BINS);

    /** Row-major: index {@code chroma * BINS + bin}. */
    private final float[] weights;
    /** The same values widened to float64 (same layout). */
    private final double[] weightsFloat64;

    private ChromaFilterbank(float[] weights) {
        this.weights = weights;
        this.weightsFloat64 = NumpyCasts.float64(weights);
    }

    /** The filterbank for a tuning in fractions of a chroma bin (cached for {@link PitchTuning} results). */
    public static ChromaFilterbank forTuning(double tuning) {
        int index = (int) Math.round((tuning + 0.5) * PitchTuning.HISTOGRAM_BINS);
        if (index < 0 || index >= PitchTuning.HISTOGRAM_BINS || PitchTuning.edge(index) != tuning) {
            return new ChromaFilterbank(build(tuning));
        }
        ChromaFilterbank cached = BY_TUNING.get(index);
        if (cached == null) {
            cached = new ChromaFilterbank(build(tuning));
            if (!BY_TUNING.compareAndSet(index, null, cached)) {
                cached = BY_TUNING.get(index);
            }
        }
        return cached;
    }

    public float weight(int chroma, int bin) {
        return weights[chroma * BINS + bin];
    }

    /** The weights widened to float64, row-major {@code chroma * BINS + bin}; shared, not to be modified. */
    double[] weightsFloat64() {
        return weightsFloat64;
    }

    private static float[] build(double tuning) {
        double[] frqbins = fractionalChromaBins(tuning);
        // binwidthbins: distance to the next bin in chroma units, at least 1; 1 for the last of all n_fft bins
        double[] width = new double[N_FFT];
        for (int k = 0; k < N_FFT - 1; k++) {
            width[k] = Math.max(frqbins[k + 1] - frqbins[k], 1.0);
        }
        width[N_FFT - 1] = 1;
        double half = Math.rint(N_CHROMA / 2.0);
        double[] wts = new double[N_CHROMA * BINS];
        for (int k = 0; k < BINS; k++) {
            double sumSquares = 0.0;
            for (int c = 0; c < N_CHROMA; c++) {
                // Distance to chroma c, wrapped into [-6, 6) (offset keeps np.remainder's argument positive)
                double d = remainder(frqbins[k] - c + half + 10 * N_CHROMA, N_CHROMA) - half;
                double scaled = 2 * d / width[k];
                double w = Math.exp(-0.5 * (scaled * scaled));
                wts[c * BINS + k] = w;
                sumSquares += w * w;
            }
            double norm = Math.sqrt(sumSquares);
            if (norm < Double.MIN_NORMAL) {
                norm = 1.0;
            }
            double octaves = (frqbins[k] / N_CHROMA - CENTRE_OCTAVE) / OCTAVE_WIDTH;
            double octaveWeight = Math.exp(-0.5 * (octaves * octaves));
            for (int c = 0; c < N_CHROMA; c++) {
                wts[c * BINS + k] = wts[c * BINS + k] / norm * octaveWeight;
            }
        }
        // base_c: roll rows by -3 so that row 0 is C (row 3 of the A-based layout)
        float[] out = new float[N_CHROMA * BINS];
        for (int c = 0; c < N_CHROMA; c++) {
            int source = (c + 3) % N_CHROMA;
            for (int k = 0; k < BINS; k++) {
                out[c * BINS + k] = (float) wts[source * BINS + k];
            }
        }
        return out;
    }

    /**
     * {@code n_chroma · hz_to_octs(f, tuning)} of the n_fft bin frequencies {@code k · sr / n_fft}, k ≥ 1, with the
     * DC bin set 1.5 octaves below bin 1.
     */
    private static double[] fractionalChromaBins(double tuning) {
        double a440 = 440.0 * Math.pow(2.0, tuning / N_CHROMA);
        double octaveZero = a440 / 16;
        double step = SAMPLE_RATE / N_FFT;
        double[] frqbins = new double[N_FFT];
        for (int k = 1; k < N_FFT; k++) {
            frqbins[k] = N_CHROMA * PitchTuning.log2(k * step / octaveZero);
        }
        frqbins[0] = frqbins[1] - 1.5 * N_CHROMA;
        return frqbins;
    }

    /** {@code np.remainder} for a positive divisor. */
    private static double remainder(double x, double divisor) {
        double mod = x % divisor;
        return mod != 0.0 && mod < 0.0 ? mod + divisor : mod;
    }
}
